-- gold.fact_viewing: one row per viewer visit to a live room (enter to leave), with the session's
-- air date, room and anchor. Rebuilt for the air days of the sessions whose visits a night brought.
SELECT v.live_session_id, s.session_date, s.room_id, s.anchor_id, s.platform,
       v.user_id, v.enter_at, v.leave_at, v.watch_seconds, v.channel,
       to_date(v.enter_at) AS enter_date, hour(v.enter_at) AS enter_hour
FROM silver.viewing v
JOIN (
  SELECT live_session_id, room_id, anchor_id, platform, session_date
  FROM gold.dim_live_session
  WHERE aired AND session_date IN ({{log_build_days}})
) s ON s.live_session_id = v.live_session_id
WHERE v._dt IN ({{log_scan_days}})
