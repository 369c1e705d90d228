-- The business days a night rebuilds beyond its landing days: as sql/gold/build_days.sql.
WITH landed_orders AS (
  SELECT order_date, live_session_id FROM silver_orders WHERE _dt IN ({{days}})
)
SELECT order_date AS day FROM landed_orders
UNION
SELECT CAST(s.actual_start AS DATE) AS day
FROM silver_live_sessions s
WHERE s.actual_start IS NOT NULL
  AND s.live_session_id IN (
    SELECT live_session_id FROM landed_orders WHERE live_session_id IS NOT NULL
    UNION
    SELECT live_session_id FROM silver_viewing WHERE _dt IN ({{days}})
    UNION
    SELECT live_session_id FROM silver_interactions WHERE _dt IN ({{days}})
  )
