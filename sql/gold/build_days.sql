-- The business days a night's build must rebuild, beyond its landing days: the air dates of the
-- live sessions whose viewing, interactions or orders the night touched. A session that runs past
-- midnight, or an order whose late refund arrives weeks later, rebuilds the day the session aired.
-- {{landing_days}}: the night's day (or a backfill's days); {{touched_days}}: those and the order
-- days they changed.
SELECT DISTINCT to_date(s.actual_start) AS day
FROM silver.live_sessions s
WHERE s.actual_start IS NOT NULL
  AND s.live_session_id IN (
    SELECT live_session_id FROM silver.orders
    WHERE order_date IN ({{touched_days}}) AND live_session_id IS NOT NULL
    UNION
    SELECT live_session_id FROM silver.viewing WHERE _dt IN ({{landing_days}})
    UNION
    SELECT live_session_id FROM silver.interactions WHERE _dt IN ({{landing_days}})
  )
