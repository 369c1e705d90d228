-- gold.anchor_daily: each anchor's (主播) broadcasts of a business day, summed from
-- live_session_review (air minutes from dim_live_session). uv and buyers are sums over sessions (a viewer of two sessions counts twice);
-- the rates are ratios of those sums.
-- Grain: (session_date, anchor_id). Rebuilt for the days a night touched.
SELECT r.session_date, r.anchor_id,
       count(*) AS sessions,
       sum(s.duration_minutes) AS air_minutes,
       sum(r.uv) AS uv,
       max(r.pcu) AS max_pcu,
       sum(r.gmv) AS gmv,
       sum(r.net_gmv) AS net_gmv,
       sum(r.paid_orders) AS paid_orders,
       sum(r.buyers) AS buyers,
       sum(r.ad_spend) AS ad_spend,
       try_divide(sum(r.buyers), sum(r.uv)) AS conversion_rate,
       try_divide(sum(r.gmv), sum(r.uv)) AS uv_value,
       try_divide(sum(r.gmv), sum(r.ad_spend)) AS roi,
       try_divide(sum(r.gmv) - sum(r.net_gmv), sum(r.gmv)) AS refund_rate
FROM gold.live_session_review r
JOIN gold.dim_live_session s ON s.live_session_id = r.live_session_id
WHERE r.session_date IN ({{build_days}}) AND r.anchor_id IS NOT NULL
GROUP BY r.session_date, r.anchor_id
