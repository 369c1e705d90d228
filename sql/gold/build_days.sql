-- The business days a night's build must rebuild, beyond its landing days ({{landing_days}}: the
-- night's day, or a backfill's days). Read from silver itself, so a rerun or a resumed night finds
-- the same days: the order days of the order versions that landed on those days (silver.orders
-- keeps each line's newest version with its landing day, so a refund arriving weeks later marks
-- the old order's day), and the air days of the live sessions those orders, and the viewing and
-- interactions that landed, belong to (a session running past midnight, or a late refund,
-- rebuilds the day the session aired). from_logs marks the air days of sessions whose viewing or
-- interactions landed: the only days whose log facts (fact_viewing, fact_interactions) change; a
-- late refund leaves them as they are.
WITH landed_orders AS (
  SELECT order_date, live_session_id FROM silver.orders WHERE _dt IN ({{landing_days}})
),
logged AS (
  SELECT live_session_id FROM silver.viewing WHERE _dt IN ({{landing_days}})
  UNION
  SELECT live_session_id FROM silver.interactions WHERE _dt IN ({{landing_days}})
),
aired AS (
  SELECT live_session_id, to_date(actual_start) AS day
  FROM silver.live_sessions
  WHERE actual_start IS NOT NULL
)
SELECT order_date AS day, false AS from_logs FROM landed_orders
UNION
SELECT a.day, false AS from_logs
FROM aired a JOIN (SELECT DISTINCT live_session_id FROM landed_orders) o
  ON o.live_session_id = a.live_session_id
UNION
SELECT a.day, true AS from_logs
FROM aired a JOIN logged l ON l.live_session_id = a.live_session_id
