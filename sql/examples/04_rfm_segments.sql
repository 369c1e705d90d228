-- Who the customers are tonight: customers, spend and recency per RFM segment.
SELECT segment_zh, segment, count(*) AS customers, sum(monetary) AS monetary,
       round(avg(recency_days), 1) AS avg_recency_days, round(avg(frequency), 2) AS avg_orders
FROM gold.rfm
GROUP BY segment_zh, segment
ORDER BY monetary DESC, segment
