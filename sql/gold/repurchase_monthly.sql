-- gold.repurchase_monthly: repurchase rate (复购率) per calendar month, for all products
-- (scope 'all', sku_id null) and per SKU (scope 'sku'): among customers with a paid order in the
-- month (of the SKU), the share with two or more. The SKU rows feed the "candidate to drop" alert.
-- Grain: (month, scope, sku_id). Rebuilt for the months of the days a night touched.
WITH lines AS (
  SELECT trunc(paid_date, 'MM') AS month, user_id, sku_id, order_id
  FROM gold.fact_order_lines
  WHERE is_paid AND order_date >= date_sub(array_min(array({{build_months}})), 1)
    AND trunc(paid_date, 'MM') IN ({{build_months}})
),
per_user AS (
  SELECT l.month, 'all' AS scope, CAST(NULL AS STRING) AS sku_id, l.user_id, count(DISTINCT l.order_id) AS orders
  FROM lines l
  GROUP BY l.month, l.user_id
  UNION ALL
  SELECT l.month, 'sku', l.sku_id, l.user_id, count(DISTINCT l.order_id)
  FROM lines l
  GROUP BY l.month, l.sku_id, l.user_id
)
SELECT month, scope, sku_id,
       count(*) AS customers,
       count_if(orders >= 2) AS repeat_customers,
       count_if(orders >= 2) / count(*) AS repurchase_rate
FROM per_user
GROUP BY month, scope, sku_id
