-- The latest day's traffic structure (流量结构): viewers, GMV, conversion and GPM per traffic
-- channel over that day's broadcasts. GMV = views x GPM / 1,000 in every row, so the table says
-- whether a channel sold through its reach (views) or its yield (GPM).
SELECT segment AS channel, sum(viewers) AS viewers, sum(views) AS views, sum(buyers) AS buyers,
       sum(paid_orders) AS paid_orders, sum(gmv) AS gmv,
       round(CAST(sum(buyers) AS DOUBLE) / nullif(sum(viewers), 0), 4) AS conversion_rate,
       round(CAST(sum(gmv) AS DOUBLE) * 1000 / nullif(sum(views), 0), 2) AS gpm
FROM gold.session_traffic
WHERE dimension = 'channel'
  AND session_date = (SELECT max(session_date) FROM gold.session_traffic)
GROUP BY segment
ORDER BY gmv DESC, channel
