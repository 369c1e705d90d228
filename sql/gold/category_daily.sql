-- gold.category_daily: sales per product category (level 1 and 2) per business day, by order day,
-- with the category's share of the day's GMV. Lines of unknown SKUs fall under category '(unknown)'.
-- Grain: (order_date, category_l1, category_l2). Rebuilt for the order days a night changed.
WITH sales AS (
  SELECT order_date,
         coalesce(category_l1, '(unknown)') AS category_l1,
         coalesce(category_l2, '(unknown)') AS category_l2,
         count(DISTINCT CASE WHEN is_paid THEN order_id END) AS paid_orders,
         count(DISTINCT CASE WHEN is_paid THEN user_id END) AS buyers,
         count(DISTINCT CASE WHEN is_paid THEN sku_id END) AS skus_sold,
         sum(CASE WHEN is_paid THEN quantity ELSE 0 END) AS units,
         sum(CASE WHEN is_paid THEN pay_amount ELSE 0 END) AS gmv,
         sum(CASE WHEN is_paid THEN refund_amount ELSE 0 END) AS refund_amount,
         sum(gross_profit) AS gross_profit
  FROM gold.fact_order_lines
  WHERE order_date IN ({{build_days}})
  GROUP BY 1, 2, 3
)
SELECT order_date, category_l1, category_l2, paid_orders, buyers, skus_sold, units, gmv,
       gmv - refund_amount AS net_gmv, refund_amount, gross_profit,
       try_divide(refund_amount, gmv) AS refund_rate,
       try_divide(gmv, sum(gmv) OVER (PARTITION BY order_date)) AS gmv_share
FROM sales
