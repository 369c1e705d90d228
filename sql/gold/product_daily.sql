-- gold.product_daily: the product ranking (商品排行) per business day: each SKU's sales by order
-- day, its live-room clicks and carts that day, and its rank by GMV and by units.
--   gmv            sum of pay_amount of paid lines (refunded later or not); net_gmv = gmv - refunds
--   click_to_pay   distinct paying users / distinct users who clicked the SKU that day
--   gmv_rank       1 = the day's best seller by GMV (ties share a rank); units_rank likewise
-- Grain: (order_date, sku_id). Rebuilt for the order days a night changed.
WITH sales AS (
  SELECT order_date, sku_id,
         first(category_l1, true) AS category_l1,
         first(category_l2, true) AS category_l2,
         bool_and(sku_known) AS sku_known,
         count(DISTINCT order_id) AS orders,
         count(DISTINCT CASE WHEN is_paid THEN order_id END) AS paid_orders,
         count(DISTINCT CASE WHEN is_paid THEN user_id END) AS buyers,
         sum(CASE WHEN is_paid THEN quantity ELSE 0 END) AS units,
         sum(CASE WHEN is_paid THEN pay_amount ELSE 0 END) AS gmv,
         sum(CASE WHEN is_paid THEN refund_amount ELSE 0 END) AS refund_amount,
         sum(gross_profit) AS gross_profit,
         count(DISTINCT live_session_id) AS live_sessions
  FROM gold.fact_order_lines
  WHERE order_date IN ({{build_days}})
  GROUP BY order_date, sku_id
),
attention AS (
  SELECT to_date(event_at) AS order_date, sku_id,
         count(DISTINCT CASE WHEN event_type = 'product_click' THEN user_id END) AS clickers,
         count(DISTINCT CASE WHEN event_type = 'add_to_cart' THEN user_id END) AS carters
  FROM silver.interactions
  WHERE _dt IN ({{scan_days}}) AND to_date(event_at) IN ({{build_days}})
    AND event_type IN ('product_click', 'add_to_cart') AND sku_id IS NOT NULL
  GROUP BY 1, 2
)
SELECT s.order_date, s.sku_id, s.category_l1, s.category_l2, s.sku_known,
       s.orders, s.paid_orders, s.buyers, s.units, s.gmv, s.gmv - s.refund_amount AS net_gmv,
       s.refund_amount, s.gross_profit, s.live_sessions,
       coalesce(a.clickers, 0) AS clickers,
       coalesce(a.carters, 0) AS carters,
       try_divide(s.buyers, a.clickers) AS click_to_pay,
       dense_rank() OVER (PARTITION BY s.order_date ORDER BY s.gmv DESC) AS gmv_rank,
       dense_rank() OVER (PARTITION BY s.order_date ORDER BY s.units DESC) AS units_rank
FROM sales s
LEFT JOIN attention a ON a.order_date = s.order_date AND a.sku_id = s.sku_id
