-- Yesterday's (the latest day's) top broadcasts by UV value (UV价值 = GMV / UV), with what drove it.
SELECT live_session_id, anchor_id, theme, uv, pcu, round(conversion_rate, 4) AS conversion_rate,
       gmv, round(uv_value, 2) AS uv_value, round(roi, 2) AS roi
FROM gold.live_session_review
WHERE session_date = (SELECT max(session_date) FROM gold.live_session_review)
ORDER BY uv_value DESC NULLS LAST, live_session_id
LIMIT 10
