-- gold.session_funnel: the funnel of each broadcast, in distinct users per step:
-- impressions (ad impressions of the session) -> enters (UV) -> product clicks -> add-to-cart ->
-- orders (created) -> paid. Each rate is a step over the step before it; cart_to_pay_loss
-- (加购-支付流失率) is the share of users who added to cart and did not pay.
-- Grain: live_session_id. Rebuilt for the sessions that aired on the days a night touched.
WITH sessions AS (
  SELECT live_session_id, session_date, anchor_id, room_id
  FROM gold.dim_live_session
  WHERE aired AND session_date IN ({{build_days}})
),
impressions AS (
  SELECT live_session_id, sum(impressions) AS impressions
  FROM silver.ad_spend GROUP BY live_session_id
),
enters AS (
  SELECT live_session_id, count(DISTINCT user_id) AS enters
  FROM gold.fact_viewing WHERE session_date IN ({{build_days}})
  GROUP BY live_session_id
),
events AS (
  SELECT live_session_id, user_id,
         max(event_type = 'product_click') AS clicked,
         max(event_type = 'add_to_cart') AS carted
  FROM gold.fact_interactions
  WHERE session_date IN ({{build_days}}) AND event_type IN ('product_click', 'add_to_cart')
  GROUP BY live_session_id, user_id
),
buyers AS (
  SELECT live_session_id, user_id, max(is_paid) AS paid
  FROM gold.fact_order_lines
  WHERE session_date IN ({{build_days}}) AND order_date IN ({{scan_days}})
  GROUP BY live_session_id, user_id
),
steps AS (
  SELECT coalesce(e.live_session_id, b.live_session_id) AS live_session_id,
         count_if(e.clicked) AS clickers,
         count_if(e.carted) AS carters,
         count(b.user_id) AS orderers,
         count_if(b.paid) AS payers,
         count_if(e.carted AND NOT coalesce(b.paid, false)) AS carters_not_paid
  FROM events e
  FULL OUTER JOIN buyers b ON b.live_session_id = e.live_session_id AND b.user_id = e.user_id
  GROUP BY 1
)
SELECT s.live_session_id, s.session_date, s.anchor_id, s.room_id,
       i.impressions,
       coalesce(n.enters, 0) AS enters,
       coalesce(t.clickers, 0) AS clickers,
       coalesce(t.carters, 0) AS carters,
       coalesce(t.orderers, 0) AS orderers,
       coalesce(t.payers, 0) AS payers,
       try_divide(n.enters, i.impressions) AS enter_rate,
       try_divide(t.clickers, n.enters) AS click_rate,
       try_divide(t.carters, t.clickers) AS cart_rate,
       try_divide(t.orderers, t.carters) AS order_rate,
       try_divide(t.payers, t.orderers) AS pay_rate,
       try_divide(t.carters_not_paid, t.carters) AS cart_to_pay_loss
FROM sessions s
LEFT JOIN impressions i ON i.live_session_id = s.live_session_id
LEFT JOIN enters n ON n.live_session_id = s.live_session_id
LEFT JOIN steps t ON t.live_session_id = s.live_session_id
