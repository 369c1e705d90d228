-- Tonight's alerts, most severe first.
SELECT alert_type, severity, subject_type, subject_id, round(value, 3) AS value, threshold, message
FROM gold.alerts
WHERE alert_date = (SELECT max(alert_date) FROM gold.alerts)
ORDER BY CASE severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, alert_type, subject_id
