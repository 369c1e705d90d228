-- gold.dim_live_session: one row per broadcast (场次), scheduled or aired. session_date is the
-- business day it started (the day its review belongs to). Rebuilt whole every night.
SELECT live_session_id, room_id, anchor_id, platform, theme,
       scheduled_start, scheduled_end, actual_start, actual_end,
       to_date(coalesce(actual_start, scheduled_start)) AS session_date,
       hour(coalesce(actual_start, scheduled_start)) AS start_hour,
       actual_start IS NOT NULL AS aired,
       CAST((unix_timestamp(actual_end) - unix_timestamp(actual_start)) / 60 AS BIGINT) AS duration_minutes,
       CAST((unix_timestamp(actual_start) - unix_timestamp(scheduled_start)) / 60 AS BIGINT) AS start_delay_minutes
FROM silver.live_sessions
