-- gold.fact_interactions: one row per live-room event (comment, like, share, follow,
-- product_click, add_to_cart, coupon_claim, lucky_bag, gift), with the session's air date, room and
-- anchor. Rebuilt for the air days of the sessions whose events a night brought.
SELECT i.event_id, i.live_session_id, s.session_date, s.room_id, s.anchor_id,
       i.user_id, i.event_type, i.sku_id, i.event_at, hour(i.event_at) AS event_hour, i.text
FROM silver.interactions i
JOIN (
  SELECT live_session_id, room_id, anchor_id, session_date
  FROM gold.dim_live_session
  WHERE aired AND session_date IN ({{log_build_days}})
) s ON s.live_session_id = i.live_session_id
WHERE i._dt IN ({{log_scan_days}})
