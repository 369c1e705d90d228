-- The latest day's broadcasts minute by minute (流速): the 5-minute bucket of each one's peak
-- (在线人数峰值) and the three buckets where viewers left fastest, with what sold in them.
SELECT live_session_id, minute_offset, online_viewers, entries, exits, paid_orders, gmv,
       is_peak, exit_rank
FROM gold.session_curve
WHERE session_date = (SELECT max(session_date) FROM gold.session_curve)
  AND (is_peak OR exit_rank <= 3)
ORDER BY live_session_id, minute_offset
