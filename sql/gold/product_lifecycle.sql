-- gold.product_lifecycle: where each SKU stands in its life as of the night (爆品 / 潜力品 / 滞销品),
-- from its sales, conversion and trend over the last 7, 30 and 90 days (ending with the night):
--   gmv_7d/30d/90d     sum of pay_amount of paid lines ordered in the window
--   gmv_prev_30d       gmv of the 30 days before the last 30
--   trend_30d          gmv_30d / gmv_prev_30d - 1 (null when the earlier 30 days sold nothing)
--   click_to_pay_30d   paying users / clicking users of the SKU, summed over the 30 days' days
--   on_hand            units on hand, all warehouses, in the SKU's latest snapshot up to the night
--   days_of_cover      on_hand / (units_30d / 30): days the stock lasts at the last 30 days' pace
--   gmv_rank_30d       rank among the SKUs sold in the 30 days (units_30d > 0) by gmv_30d, then
--                      units_30d: a log without amounts (all 0.00) ranks by units
--   stage              hot (爆品): the first by gmv_rank_30d, and every SKU that with all SKUs
--                        ranked at or above it (ties included) stays within the top
--                        {{lifecycle_hot_share}} of sold SKUs;
--                      rising (潜力品): not hot, trend_30d at least {{lifecycle_rising_growth}} and,
--                        where live-room clicks are known, click_to_pay_30d at least its
--                        category's median;
--                      slow (滞销品): stock on hand and no sale in 30 days, or more than
--                        {{lifecycle_slow_cover_days}} days of cover;
--                      steady: sold in the 30 days, none of the above; inactive: no sale in 30 days
--                        and no stock
-- Grain: (as_of_date, sku_id): the current SKUs and every SKU sold in the 90 days. Rebuilt whole each night.
WITH daily AS (
  SELECT sku_id, order_date, category_l1, gmv, units, buyers, clickers
  FROM gold.product_daily
  WHERE order_date > date_sub({{as_of}}, 90) AND order_date <= {{as_of}}
),
sales AS (
  SELECT sku_id,
         first(category_l1, true) AS category_l1,
         sum(CASE WHEN order_date > date_sub({{as_of}}, 7) THEN gmv ELSE 0 END) AS gmv_7d,
         sum(CASE WHEN order_date > date_sub({{as_of}}, 30) THEN gmv ELSE 0 END) AS gmv_30d,
         sum(gmv) AS gmv_90d,
         sum(CASE WHEN order_date > date_sub({{as_of}}, 60) AND order_date <= date_sub({{as_of}}, 30)
                  THEN gmv ELSE 0 END) AS gmv_prev_30d,
         sum(CASE WHEN order_date > date_sub({{as_of}}, 30) THEN units ELSE 0 END) AS units_30d,
         sum(CASE WHEN order_date > date_sub({{as_of}}, 30) THEN buyers ELSE 0 END) AS buyers_30d,
         sum(CASE WHEN order_date > date_sub({{as_of}}, 30) THEN clickers ELSE 0 END) AS clickers_30d
  FROM daily GROUP BY sku_id
),
skus AS (
  SELECT sku_id, category_l1 FROM gold.dim_product WHERE is_current
  UNION
  SELECT sku_id, coalesce(category_l1, '(unknown)') FROM sales
  WHERE sku_id NOT IN (SELECT sku_id FROM gold.dim_product WHERE is_current)
),
stock AS (
  SELECT sku_id, sum(on_hand) AS on_hand
  FROM (
    SELECT sku_id, on_hand, snapshot_date,
           max(snapshot_date) OVER (PARTITION BY sku_id) AS latest
    FROM silver.inventory WHERE snapshot_date <= {{as_of}}
  )
  WHERE snapshot_date = latest
  GROUP BY sku_id
),
measured AS (
  SELECT {{as_of}} AS as_of_date, k.sku_id, k.category_l1,
         coalesce(s.gmv_7d, 0) AS gmv_7d, coalesce(s.gmv_30d, 0) AS gmv_30d,
         coalesce(s.gmv_90d, 0) AS gmv_90d, coalesce(s.gmv_prev_30d, 0) AS gmv_prev_30d,
         try_divide(CAST(s.gmv_30d AS DOUBLE), CAST(s.gmv_prev_30d AS DOUBLE)) - 1 AS trend_30d,
         coalesce(s.units_30d, 0) AS units_30d, coalesce(s.buyers_30d, 0) AS buyers_30d,
         coalesce(s.clickers_30d, 0) AS clickers_30d,
         try_divide(s.buyers_30d, s.clickers_30d) AS click_to_pay_30d,
         t.on_hand,
         try_divide(CAST(t.on_hand AS DOUBLE) * 30, CAST(s.units_30d AS DOUBLE)) AS days_of_cover
  FROM skus k
  LEFT JOIN sales s ON s.sku_id = k.sku_id
  LEFT JOIN stock t ON t.sku_id = k.sku_id
),
ranked AS (
  SELECT *,
         CASE WHEN units_30d > 0
              THEN rank() OVER (ORDER BY units_30d > 0 DESC, gmv_30d DESC, units_30d DESC) END AS gmv_rank_30d,
         count(*) OVER (ORDER BY units_30d > 0 DESC, gmv_30d DESC, units_30d DESC) AS at_or_above,
         count(CASE WHEN units_30d > 0 THEN 1 END) OVER () AS sold_skus,
         percentile(click_to_pay_30d, 0.5) OVER (PARTITION BY category_l1) AS category_click_to_pay_30d
  FROM measured
)
SELECT as_of_date, sku_id, category_l1, gmv_7d, gmv_30d, gmv_90d, gmv_prev_30d, trend_30d,
       units_30d, buyers_30d, clickers_30d, click_to_pay_30d, category_click_to_pay_30d,
       on_hand, days_of_cover, gmv_rank_30d,
       CASE WHEN gmv_rank_30d = 1 OR at_or_above <= ceil(sold_skus * {{lifecycle_hot_share}}) THEN 'hot'
            WHEN units_30d > 0 AND trend_30d >= {{lifecycle_rising_growth}}
                 AND coalesce(click_to_pay_30d >= category_click_to_pay_30d, true) THEN 'rising'
            WHEN coalesce(on_hand, 0) > 0
                 AND (units_30d = 0 OR days_of_cover > {{lifecycle_slow_cover_days}}) THEN 'slow'
            WHEN units_30d > 0 THEN 'steady'
            ELSE 'inactive' END AS stage
FROM ranked
