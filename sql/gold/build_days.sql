-- The business days a night's build must rebuild, beyond its landing days ({{landing_days}}: the
-- night's day, or a backfill's days). Read from silver itself, so a rerun or a resumed night finds
-- the same days: the order days of the order versions that landed on those days (silver.orders
-- keeps each line's newest version with its landing day, so a refund arriving weeks later marks
-- the old order's day), and the air days of the live sessions those orders, and the viewing and
-- interactions that landed, belong to (a session running past midnight, or a late refund,
-- rebuilds the day the session aired).
WITH landed_orders AS (
  SELECT order_date, live_session_id FROM silver.orders WHERE _dt IN ({{landing_days}})
)
SELECT order_date AS day FROM landed_orders
UNION
SELECT to_date(s.actual_start) AS day
FROM silver.live_sessions s
WHERE s.actual_start IS NOT NULL
  AND s.live_session_id IN (
    SELECT live_session_id FROM landed_orders WHERE live_session_id IS NOT NULL
    UNION
    SELECT live_session_id FROM silver.viewing WHERE _dt IN ({{landing_days}})
    UNION
    SELECT live_session_id FROM silver.interactions WHERE _dt IN ({{landing_days}})
  )
