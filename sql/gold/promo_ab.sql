-- gold.promo_ab: red packets against coupons (红包 vs 折扣券), as of the night. An exposure is a
-- viewer in a broadcast: in arm lucky_bag when they took part in a lucky bag (福袋/红包) and claimed
-- no coupon there, coupon when they claimed a coupon and took no lucky bag, both when both (left
-- out of the comparison). Broadcasts count that aired in the {{promo_window_days}} days ending 30
-- days before the night, so that every exposure has its 30 days of follow-up.
--   converted          exposures whose viewer paid an order of that broadcast
--   conversion_rate    converted / exposures; aov: gmv / paid_orders of those orders
--   repurchase_30d     share of converted exposures with another paid order of the viewer (any
--                      broadcast or none) within 30 days after their first paid order of the broadcast
--   *_p_value          two-sided two-proportion z-test of lucky_bag against coupon (pooled
--                      variance); null for both, or when an arm is empty
-- Exposure is not randomised (a viewer who came to buy claims the coupon): a difference here is an
-- association, not the effect of the promotion; the caveat column says so in every row.
-- Grain: (as_of_date, arm). Rebuilt whole each night.
WITH window_sessions AS (
  SELECT live_session_id
  FROM gold.dim_live_session
  WHERE aired
    AND session_date > date_sub({{as_of}}, {{promo_window_days}} + 30)
    AND session_date <= date_sub({{as_of}}, 30)
),
exposed AS (
  SELECT i.live_session_id, i.user_id,
         max(i.event_type = 'lucky_bag') AS lucky_bag,
         max(i.event_type = 'coupon_claim') AS coupon
  FROM gold.fact_interactions i
  WHERE i.event_type IN ('lucky_bag', 'coupon_claim') AND i.user_id IS NOT NULL
    -- the window's air days, as window_sessions: reads those days' partitions, not the whole fact
    AND i.session_date > date_sub({{as_of}}, {{promo_window_days}} + 30)
    AND i.session_date <= date_sub({{as_of}}, 30)
    AND i.live_session_id IN (SELECT live_session_id FROM window_sessions)
  GROUP BY i.live_session_id, i.user_id
),
exposures AS (
  SELECT live_session_id, user_id,
         CASE WHEN lucky_bag AND coupon THEN 'both' WHEN lucky_bag THEN 'lucky_bag' ELSE 'coupon' END AS arm
  FROM exposed
),
paid AS (
  SELECT order_id, user_id, live_session_id, pay_amount, paid_at
  FROM gold.fact_order_lines
  WHERE is_paid AND order_date > date_sub({{as_of}}, {{promo_window_days}} + 31)
),
session_orders AS (
  SELECT live_session_id, user_id, count(DISTINCT order_id) AS paid_orders,
         sum(pay_amount) AS gmv, min(paid_at) AS first_paid_at
  FROM paid
  WHERE live_session_id IN (SELECT live_session_id FROM window_sessions)
  GROUP BY live_session_id, user_id
),
repurchases AS (
  SELECT DISTINCT s.live_session_id, s.user_id
  FROM session_orders s
  JOIN paid p
    ON p.user_id = s.user_id AND p.paid_at > s.first_paid_at
   AND p.paid_at <= s.first_paid_at + INTERVAL 30 DAYS
),
per_arm AS (
  SELECT e.arm,
         count(*) AS exposures,
         count(DISTINCT e.user_id) AS users,
         count(o.user_id) AS converted,
         coalesce(sum(o.paid_orders), 0) AS paid_orders,
         coalesce(sum(o.gmv), 0) AS gmv,
         count(r.user_id) AS repurchased
  FROM exposures e
  LEFT JOIN session_orders o ON o.live_session_id = e.live_session_id AND o.user_id = e.user_id
  LEFT JOIN repurchases r ON r.live_session_id = e.live_session_id AND r.user_id = e.user_id
  GROUP BY e.arm
),
arms AS (
  SELECT a.arm, coalesce(p.exposures, 0) AS exposures, coalesce(p.users, 0) AS users,
         coalesce(p.converted, 0) AS converted, coalesce(p.paid_orders, 0) AS paid_orders,
         coalesce(p.gmv, 0) AS gmv, coalesce(p.repurchased, 0) AS repurchased
  FROM VALUES ('lucky_bag'), ('coupon'), ('both') AS a(arm)
  LEFT JOIN per_arm p ON p.arm = a.arm
),
tests AS (
  SELECT two_proportion_p_value(l.converted, l.exposures, c.converted, c.exposures) AS conversion_p_value,
         two_proportion_p_value(l.repurchased, l.converted, c.repurchased, c.converted) AS repurchase_p_value
  FROM arms l CROSS JOIN arms c
  WHERE l.arm = 'lucky_bag' AND c.arm = 'coupon'
)
SELECT {{as_of}} AS as_of_date, a.arm,
       date_add(date_sub({{as_of}}, {{promo_window_days}} + 30), 1) AS window_start,
       date_sub({{as_of}}, 30) AS window_end,
       a.exposures, a.users, a.converted,
       try_divide(a.converted, a.exposures) AS conversion_rate,
       a.paid_orders, a.gmv,
       try_divide(a.gmv, a.paid_orders) AS aov,
       a.repurchased,
       try_divide(a.repurchased, a.converted) AS repurchase_30d,
       CASE WHEN a.arm <> 'both' THEN t.conversion_p_value END AS conversion_p_value,
       CASE WHEN a.arm <> 'both' THEN t.repurchase_p_value END AS repurchase_p_value,
       'exposure is not randomised: viewers chose to claim; read differences as associations, not effects' AS caveat
FROM arms a CROSS JOIN tests t
