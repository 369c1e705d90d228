-- gold.session_curve: each broadcast in 5-minute buckets from its start (流速 and 在线人数):
--   online_viewers  most viewers present in one minute of the bucket (present from the minute a
--                   visit enters to the minute it leaves, as pcu counts them); peak_minute: that
--                   minute (the first, on ties)
--   entries         visits that entered in the bucket; exits: visits that left in it while the
--                   broadcast was still on (leaving at its end is not counted)
--   paid_orders     orders of the broadcast placed in the bucket that reached paid; gmv: their pay_amount
--   is_peak         the bucket of the broadcast's PCU (the first, on ties)
--   exit_rank       buckets with exits ranked by them: 1 is where viewers left fastest (ties: the
--                   earlier first); null without exits
-- A 60-minute broadcast has 12 buckets; visits before the start fall in the first, activity at
-- or after the end in the last.
-- Grain: (live_session_id, bucket_start). Rebuilt for the sessions that aired on the days a night touched.
WITH visits AS (
  SELECT live_session_id, user_id, enter_at, leave_at
  FROM gold.fact_viewing WHERE session_date IN ({{build_days}})
),
spans AS (
  SELECT s.live_session_id, s.session_date, s.room_id, s.anchor_id,
         unix_timestamp(s.actual_start) AS start_second,
         coalesce(unix_timestamp(s.actual_end), v.last_leave) AS end_second,
         s.actual_end IS NOT NULL AS ended
  FROM gold.dim_live_session s
  LEFT JOIN (
    SELECT live_session_id, max(unix_timestamp(leave_at)) AS last_leave FROM visits GROUP BY live_session_id
  ) v ON v.live_session_id = s.live_session_id
  WHERE s.aired AND s.session_date IN ({{build_days}})
),
sessions AS (
  SELECT *,
         CAST(greatest(0, ceil((coalesce(end_second, start_second) - start_second) / 300) - 1) AS INT) AS last_bucket
  FROM spans
),
buckets AS (
  SELECT live_session_id, session_date, room_id, anchor_id, start_second,
         explode(sequence(0, last_bucket)) AS bucket
  FROM sessions
),
present AS (
  SELECT live_session_id, minute, count(DISTINCT user_id) AS viewers
  FROM (
    SELECT live_session_id, user_id,
           explode(sequence(floor(unix_timestamp(enter_at) / 60), floor(unix_timestamp(leave_at) / 60))) AS minute
    FROM visits
  )
  GROUP BY live_session_id, minute
),
online AS (
  SELECT p.live_session_id,
         least(greatest(CAST(floor((p.minute * 60 - s.start_second) / 300) AS INT), 0), s.last_bucket) AS bucket,
         max(p.viewers) AS online_viewers,
         min_by(p.minute, struct(-p.viewers, p.minute)) AS peak_minute
  FROM present p JOIN sessions s ON s.live_session_id = p.live_session_id
  GROUP BY 1, 2
),
flows AS (
  SELECT live_session_id,
         stack(2, enter_second, 1, 0, leave_second, 0, left_early) AS (second, entries, exits),
         start_second, last_bucket
  FROM (
    SELECT v.live_session_id, s.start_second, s.last_bucket,
           unix_timestamp(v.enter_at) AS enter_second, unix_timestamp(v.leave_at) AS leave_second,
           CASE WHEN NOT s.ended OR unix_timestamp(v.leave_at) < s.end_second THEN 1 ELSE 0 END AS left_early
    FROM visits v JOIN sessions s ON s.live_session_id = v.live_session_id
  )
),
flow AS (
  SELECT live_session_id,
         least(greatest(CAST(floor((second - start_second) / 300) AS INT), 0), last_bucket) AS bucket,
         sum(entries) AS entries, sum(exits) AS exits
  FROM flows GROUP BY 1, 2
),
sales AS (
  SELECT o.live_session_id,
         least(greatest(CAST(floor((unix_timestamp(o.created_at) - s.start_second) / 300) AS INT), 0), s.last_bucket) AS bucket,
         count(DISTINCT o.order_id) AS paid_orders,
         sum(o.pay_amount) AS gmv
  FROM gold.fact_order_lines o JOIN sessions s ON s.live_session_id = o.live_session_id
  WHERE o.is_paid AND o.session_date IN ({{build_days}}) AND o.order_date IN ({{scan_days}})
  GROUP BY 1, 2
),
curve AS (
  SELECT b.live_session_id, b.session_date, b.room_id, b.anchor_id, b.bucket,
         timestamp_seconds(b.start_second + b.bucket * 300) AS bucket_start,
         coalesce(o.online_viewers, 0) AS online_viewers,
         timestamp_seconds(o.peak_minute * 60) AS peak_minute,
         coalesce(f.entries, 0) AS entries,
         coalesce(f.exits, 0) AS exits,
         coalesce(s.paid_orders, 0) AS paid_orders,
         coalesce(s.gmv, 0) AS gmv
  FROM buckets b
  LEFT JOIN online o ON o.live_session_id = b.live_session_id AND o.bucket = b.bucket
  LEFT JOIN flow f ON f.live_session_id = b.live_session_id AND f.bucket = b.bucket
  LEFT JOIN sales s ON s.live_session_id = b.live_session_id AND s.bucket = b.bucket
)
SELECT live_session_id, session_date, room_id, anchor_id, bucket_start,
       bucket * 5 AS minute_offset, online_viewers, peak_minute, entries, exits, paid_orders, gmv,
       online_viewers > 0
         AND row_number() OVER (PARTITION BY live_session_id ORDER BY online_viewers DESC, bucket) = 1 AS is_peak,
       CASE WHEN exits > 0
            THEN row_number() OVER (PARTITION BY live_session_id ORDER BY exits DESC, bucket) END AS exit_rank
FROM curve
