-- gold.session_traffic: the traffic structure of each broadcast (流量结构), split three ways:
--   dimension 'channel'   the traffic channel (natural, paid_ads, short_video, private_domain,
--                         search, other): viewers and views by the channel a visit came by, sales
--                         by the order's traffic_source. A viewer who came by two channels counts
--                         in both, so the viewer shares of a session can sum above 1.
--   dimension 'follower'  follower: the viewer or buyer had followed the room (a follow event in an
--                         earlier broadcast of the room); non_follower otherwise.
--   dimension 'visitor'   new: no visit to the room before this broadcast; returning otherwise.
-- In the follower and visitor splits every viewer and buyer is in one segment, and sales go by the
-- buyer's segment. gpm = gmv x 1,000 / views in every segment, so gmv = views x gpm / 1,000: the GMV
-- decomposition per channel. first_time_buyers: buyers whose first paid order ever was in this
-- broadcast. new_followers: viewers who followed the room during this broadcast.
-- Grain: (live_session_id, dimension, segment). Rebuilt for the sessions that aired on the days a
-- night touched.
WITH sessions AS (
  SELECT live_session_id, session_date, room_id, anchor_id, actual_start
  FROM gold.dim_live_session
  WHERE aired AND session_date IN ({{build_days}})
),
visits AS (
  SELECT v.live_session_id, v.user_id, coalesce(v.channel, '(unknown)') AS channel
  FROM gold.fact_viewing v
  WHERE v.session_date IN ({{build_days}})
),
paid_lines AS (
  SELECT o.live_session_id, o.user_id, o.order_id, o.pay_amount,
         coalesce(o.traffic_source, '(unknown)') AS traffic_source
  FROM gold.fact_order_lines o
  JOIN sessions s ON s.live_session_id = o.live_session_id
  WHERE o.is_paid AND o.session_date IN ({{build_days}}) AND o.order_date IN ({{scan_days}})
),
first_visits AS (
  SELECT room_id, user_id, min(enter_at) AS first_enter_at
  FROM gold.fact_viewing GROUP BY room_id, user_id
),
first_follows AS (
  SELECT room_id, user_id, min(event_at) AS first_follow_at
  FROM gold.fact_interactions WHERE event_type = 'follow' GROUP BY room_id, user_id
),
followed_here AS (
  SELECT DISTINCT live_session_id, user_id
  FROM gold.fact_interactions
  WHERE session_date IN ({{build_days}}) AND event_type = 'follow'
),
first_orders AS (
  SELECT user_id, min_by(live_session_id, struct(paid_at, order_id)) AS live_session_id
  FROM gold.fact_order_lines
  WHERE is_paid
  GROUP BY user_id
),
-- visits and paid lines in one set, each source and each history read once (a CTE read twice is
-- computed twice), with the viewer's or buyer's follower and visitor segment
events AS (
  SELECT live_session_id, user_id, channel AS source, CAST(NULL AS STRING) AS order_id,
         CAST(NULL AS DECIMAL(18, 2)) AS pay_amount, true AS is_visit
  FROM visits
  UNION ALL
  SELECT live_session_id, user_id, traffic_source, order_id, pay_amount, false
  FROM paid_lines
),
segmented AS (
  SELECT e.live_session_id, e.user_id, e.source, e.order_id, e.pay_amount, e.is_visit,
         CASE WHEN f.first_follow_at < s.actual_start THEN 'follower' ELSE 'non_follower' END AS follower,
         CASE WHEN v.first_enter_at < s.actual_start THEN 'returning' ELSE 'new' END AS visitor,
         e.is_visit AND h.user_id IS NOT NULL AS followed_here,
         NOT e.is_visit AND o.user_id IS NOT NULL AS first_order_here
  FROM events e
  JOIN sessions s ON s.live_session_id = e.live_session_id
  LEFT JOIN first_visits v ON v.room_id = s.room_id AND v.user_id = e.user_id
  LEFT JOIN first_follows f ON f.room_id = s.room_id AND f.user_id = e.user_id
  LEFT JOIN followed_here h ON h.live_session_id = e.live_session_id AND h.user_id = e.user_id
  LEFT JOIN first_orders o ON o.user_id = e.user_id AND o.live_session_id = e.live_session_id
),
-- per segment and person first (an order has one buyer, so its distinct count adds up), then per
-- segment: no distinct count over the segment's rows
people AS (
  SELECT live_session_id, dimension, segment, user_id,
         count_if(is_visit) AS views,
         max(followed_here) AS followed_here,
         max(NOT is_visit) AS bought,
         max(first_order_here) AS first_order_here,
         count(DISTINCT order_id) AS paid_orders,
         sum(pay_amount) AS gmv
  FROM (
    SELECT *, stack(3, 'channel', source, 'follower', follower, 'visitor', visitor) AS (dimension, segment)
    FROM segmented
  )
  GROUP BY live_session_id, dimension, segment, user_id
),
split AS (
  SELECT live_session_id, dimension, segment,
         count_if(views > 0) AS viewers,
         sum(views) AS views,
         count_if(followed_here) AS new_followers,
         count_if(bought) AS buyers,
         count_if(first_order_here) AS first_time_buyers,
         sum(paid_orders) AS paid_orders,
         CAST(coalesce(sum(gmv), 0) AS DECIMAL(28, 2)) AS gmv
  FROM people
  GROUP BY live_session_id, dimension, segment
),
-- every viewer and buyer is in one visitor segment: their sums are the broadcast's UV and GMV
totals AS (
  SELECT *,
         sum(CASE WHEN dimension = 'visitor' THEN viewers END) OVER (PARTITION BY live_session_id) AS uv,
         sum(CASE WHEN dimension = 'visitor' THEN gmv END) OVER (PARTITION BY live_session_id) AS session_gmv
  FROM split
)
SELECT s.live_session_id, s.session_date, s.room_id, s.anchor_id, x.dimension, x.segment,
       x.viewers, try_divide(x.viewers, x.uv) AS viewer_share, x.views, x.new_followers,
       x.buyers, x.first_time_buyers, x.paid_orders, x.gmv,
       CAST(try_divide(x.gmv, x.session_gmv) AS DOUBLE) AS gmv_share,
       try_divide(x.buyers, x.viewers) AS conversion_rate,
       try_divide(x.gmv, x.viewers) AS uv_value,
       try_divide(x.gmv * 1000, x.views) AS gpm
FROM totals x
JOIN sessions s ON s.live_session_id = x.live_session_id
