-- gold.session_sku_funnel: the funnel of each SKU within each broadcast, in distinct users:
-- product clicks -> add-to-cart -> orders (created) -> paid, with units and GMV of the paid lines.
-- cart_to_pay_loss: share of users who added the SKU to cart and did not pay for it.
-- Grain: (live_session_id, sku_id). Rebuilt for the sessions that aired on the days a night touched.
WITH events AS (
  SELECT live_session_id, session_date, sku_id, user_id,
         max(event_type = 'product_click') AS clicked,
         max(event_type = 'add_to_cart') AS carted
  FROM gold.fact_interactions
  WHERE session_date IN ({{build_days}}) AND event_type IN ('product_click', 'add_to_cart')
    AND sku_id IS NOT NULL
  GROUP BY live_session_id, session_date, sku_id, user_id
),
buyers AS (
  SELECT live_session_id, session_date, sku_id, user_id,
         max(is_paid) AS paid,
         sum(CASE WHEN is_paid THEN quantity ELSE 0 END) AS units,
         sum(CASE WHEN is_paid THEN pay_amount ELSE 0 END) AS gmv
  FROM gold.fact_order_lines
  WHERE session_date IN ({{build_days}}) AND order_date IN ({{scan_days}})
  GROUP BY live_session_id, session_date, sku_id, user_id
),
steps AS (
  SELECT coalesce(e.live_session_id, b.live_session_id) AS live_session_id,
         coalesce(e.session_date, b.session_date) AS session_date,
         coalesce(e.sku_id, b.sku_id) AS sku_id,
         count_if(e.clicked) AS clickers,
         count_if(e.carted) AS carters,
         count(b.user_id) AS orderers,
         count_if(b.paid) AS payers,
         count_if(e.carted AND NOT coalesce(b.paid, false)) AS carters_not_paid,
         coalesce(sum(b.units), 0) AS units,
         coalesce(sum(b.gmv), 0) AS gmv
  FROM events e
  FULL OUTER JOIN buyers b
    ON b.live_session_id = e.live_session_id AND b.sku_id = e.sku_id AND b.user_id = e.user_id
  GROUP BY 1, 2, 3
)
SELECT live_session_id, session_date, sku_id, clickers, carters, orderers, payers, units, gmv,
       try_divide(carters, clickers) AS cart_rate,
       try_divide(orderers, carters) AS order_rate,
       try_divide(payers, orderers) AS pay_rate,
       try_divide(payers, clickers) AS click_to_pay_rate,
       try_divide(carters_not_paid, carters) AS cart_to_pay_loss
FROM steps
