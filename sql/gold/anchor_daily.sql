-- gold.anchor_daily: each anchor's (主播) broadcasts of a business day, summed from
-- live_session_review. uv and buyers are sums over sessions (a viewer of two sessions counts twice);
-- the rates are ratios of those sums.
-- Grain: (session_date, anchor_id). Rebuilt for the days a night touched.
SELECT session_date, anchor_id,
       count(*) AS sessions,
       sum(CAST((unix_timestamp(actual_end) - unix_timestamp(actual_start)) / 60 AS BIGINT)) AS air_minutes,
       sum(uv) AS uv,
       max(pcu) AS max_pcu,
       sum(gmv) AS gmv,
       sum(net_gmv) AS net_gmv,
       sum(paid_orders) AS paid_orders,
       sum(buyers) AS buyers,
       sum(ad_spend) AS ad_spend,
       try_divide(sum(buyers), sum(uv)) AS conversion_rate,
       try_divide(sum(gmv), sum(uv)) AS uv_value,
       try_divide(sum(gmv), sum(ad_spend)) AS roi,
       try_divide(sum(gmv) - sum(net_gmv), sum(gmv)) AS refund_rate
FROM gold.live_session_review
WHERE session_date IN ({{build_days}}) AND anchor_id IS NOT NULL
GROUP BY session_date, anchor_id
