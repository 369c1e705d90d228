-- gold.fact_order_lines: one row per order line (order_id, line_no) in its latest version, with the
-- product version valid when the order was created (SCD type 2, else the SKU's earliest known
-- version), and the live session and anchor it was sold in. Rebuilt for the order days a night
-- changed (a late refund rebuilds its order's day).
--   is_paid        the line reached paid (GMV counts it, refunded later or not)
--   net_amount     pay_amount - refund_amount
--   gross_profit   for a paid line not fully refunded: net_amount - unit_cost x quantity; a fully
--                  refunded line (goods back) earns 0; unknown cost or unpaid: null
WITH lines AS (
  SELECT * FROM silver.orders WHERE order_date IN ({{build_days}})
),
versions AS (
  SELECT sku_id, category_l1, category_l2, brand, unit_cost, valid_from, valid_to,
         row_number() OVER (PARTITION BY sku_id ORDER BY valid_from) AS version
  FROM silver.products
),
priced AS (
  SELECT l.order_id, l.line_no,
         coalesce(max_by(p.version, p.valid_from), 1) AS version
  FROM lines l
  LEFT JOIN versions p
    ON p.sku_id = l.sku_id AND p.valid_from <= l.created_at
  GROUP BY l.order_id, l.line_no
)
SELECT l.order_id, l.line_no, l.order_date, l.paid_date, l.user_id, l.sku_id, l.sku_known,
       l.quantity, l.unit_price, l.discount_amount, l.pay_amount, l.refund_amount,
       l.pay_amount - l.refund_amount AS net_amount,
       l.paid_at IS NOT NULL AS is_paid,
       l.refund_amount > 0 AS is_refunded,
       l.status, l.created_at, l.paid_at, l.updated_at,
       l.live_session_id, s.anchor_id, s.room_id, IF(s.aired, s.session_date, NULL) AS session_date,
       l.traffic_source, l.coupon_id, l.coupon_id IS NOT NULL AS used_coupon, l.platform, l.province,
       p.category_l1, p.category_l2, p.brand, p.unit_cost,
       CASE
         WHEN l.paid_at IS NULL OR p.unit_cost IS NULL THEN NULL
         WHEN l.refund_amount >= l.pay_amount THEN CAST(0 AS DECIMAL(18, 2))
         ELSE l.pay_amount - l.refund_amount - p.unit_cost * l.quantity
       END AS gross_profit
FROM lines l
JOIN priced v ON v.order_id = l.order_id AND v.line_no = l.line_no
LEFT JOIN versions p ON p.sku_id = l.sku_id AND p.version = v.version
LEFT JOIN gold.dim_live_session s ON s.live_session_id = l.live_session_id
