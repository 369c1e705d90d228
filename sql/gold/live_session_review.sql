-- gold.live_session_review: the live-session review (直播复盘), one row per broadcast.
-- Grain: live_session_id. Rebuilt for the sessions that aired on the days a night touched.
-- Definitions (docs/contract.md):
--   gmv               sum of pay_amount of order lines from the session that reached paid, refunded later or not
--   net_gmv           gmv - refund_amount
--   uv                distinct viewers
--   pcu               most viewers present in the same minute: the peak of gold.session_curve
--   avg_watch_seconds mean over viewers of their total watch time (visits of one viewer summed)
--   retention_5m/30m  share of viewers whose total watch time is at least 5 / 30 minutes
--   interaction_rate  distinct interacting viewers / uv
--   conversion_rate   distinct paying users / uv
--   uv_value          gmv / uv;  gpm: gmv per 1,000 views (visits)
--   aov               gmv / paid orders;  gmv_per_buyer (客单价): gmv / paying users
--   roi               gmv / ad spend
--   refund_rate       refund_amount / gmv;  refund_order_rate: refunded orders / paid orders
WITH sessions AS (
  SELECT live_session_id, room_id, anchor_id, platform, theme, actual_start, actual_end, session_date
  FROM gold.dim_live_session
  WHERE aired AND session_date IN ({{build_days}})
),
visits AS (
  SELECT live_session_id, user_id, enter_at, leave_at, watch_seconds
  FROM gold.fact_viewing WHERE session_date IN ({{build_days}})
),
viewers AS (
  SELECT live_session_id, user_id, sum(watch_seconds) AS watch_seconds
  FROM visits GROUP BY live_session_id, user_id
),
audience AS (
  SELECT live_session_id,
         count(*) AS uv,
         avg(watch_seconds) AS avg_watch_seconds,
         avg(CASE WHEN watch_seconds >= 300 THEN 1.0 ELSE 0.0 END) AS retention_5m,
         avg(CASE WHEN watch_seconds >= 1800 THEN 1.0 ELSE 0.0 END) AS retention_30m
  FROM viewers GROUP BY live_session_id
),
views AS (
  SELECT live_session_id, count(*) AS views FROM visits GROUP BY live_session_id
),
peak AS (
  SELECT live_session_id, max(online_viewers) AS pcu
  FROM gold.session_curve WHERE session_date IN ({{build_days}})
  GROUP BY live_session_id
),
interacting AS (
  SELECT i.live_session_id, count(DISTINCT i.user_id) AS interacting_viewers
  FROM gold.fact_interactions i
  WHERE i.session_date IN ({{build_days}})
  GROUP BY i.live_session_id
),
sales AS (
  SELECT o.live_session_id,
         sum(o.pay_amount) AS gmv,
         sum(o.refund_amount) AS refund_amount,
         count(DISTINCT o.order_id) AS paid_orders,
         count(DISTINCT CASE WHEN o.refund_amount > 0 THEN o.order_id END) AS refunded_orders,
         count(DISTINCT o.user_id) AS buyers
  FROM gold.fact_order_lines o
  WHERE o.is_paid AND o.session_date IN ({{build_days}}) AND o.order_date IN ({{scan_days}})
  GROUP BY o.live_session_id
),
spend AS (
  SELECT a.live_session_id, sum(a.spend) AS ad_spend
  FROM silver.ad_spend a JOIN sessions s ON a.live_session_id = s.live_session_id
  GROUP BY a.live_session_id
)
SELECT s.live_session_id, s.session_date, s.room_id, s.anchor_id, s.platform, s.theme,
       s.actual_start, s.actual_end,
       coalesce(a.uv, 0) AS uv,
       coalesce(p.pcu, 0) AS pcu,
       coalesce(v.views, 0) AS views,
       a.avg_watch_seconds,
       a.retention_5m,
       a.retention_30m,
       try_divide(coalesce(i.interacting_viewers, 0), a.uv) AS interaction_rate,
       coalesce(x.gmv, 0) AS gmv,
       coalesce(x.gmv, 0) - coalesce(x.refund_amount, 0) AS net_gmv,
       coalesce(x.paid_orders, 0) AS paid_orders,
       coalesce(x.buyers, 0) AS buyers,
       try_divide(coalesce(x.buyers, 0), a.uv) AS conversion_rate,
       try_divide(x.gmv, a.uv) AS uv_value,
       try_divide(x.gmv * 1000, v.views) AS gpm,
       try_divide(x.gmv, x.paid_orders) AS aov,
       try_divide(x.gmv, x.buyers) AS gmv_per_buyer,
       sp.ad_spend,
       try_divide(x.gmv, sp.ad_spend) AS roi,
       try_divide(x.refund_amount, x.gmv) AS refund_rate,
       try_divide(x.refunded_orders, x.paid_orders) AS refund_order_rate
FROM sessions s
LEFT JOIN audience a ON a.live_session_id = s.live_session_id
LEFT JOIN views v ON v.live_session_id = s.live_session_id
LEFT JOIN peak p ON p.live_session_id = s.live_session_id
LEFT JOIN interacting i ON i.live_session_id = s.live_session_id
LEFT JOIN sales x ON x.live_session_id = s.live_session_id
LEFT JOIN spend sp ON sp.live_session_id = s.live_session_id
