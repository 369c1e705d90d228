-- How the GMV forecasts we published did against what happened: on the night run_date, the
-- forecasts published lag_days earlier (a night is published when ops.published names it), over
-- their days up to run_date (horizons 1 to the lag), against the gold GMV of the same series
-- and days (the actuals are gmv_series.sql over those days; a day without sales is 0).
-- Grain: (lag_days, level). A series the forecast did not have (an anchor new since) is not scored.
WITH actual AS (
{{actuals}}
),
told AS (
  SELECT lag.lag_days, f.*
  FROM ml.gmv_forecast f
  JOIN ops.published p ON p.as_of_date = f.as_of_date
  JOIN (SELECT explode(array({{lags}})) AS lag_days) lag
    ON f.as_of_date = date_sub({{run_date}}, lag.lag_days)
  WHERE f.forecast_date <= {{run_date}}
),
scored AS (
  SELECT t.*, coalesce(a.gmv, 0D) AS actual_gmv, CAST(t.gmv_forecast AS DOUBLE) AS point
  FROM told t
  LEFT JOIN actual a
    ON a.level = t.level AND a.series_key = t.series_key AND a.date = t.forecast_date
)
SELECT {{run_date}} AS run_date,
       lag_days,
       as_of_date,
       level,
       forecaster,
       model_version,
       count(DISTINCT series_key) AS series,
       count(*) AS points,
       CAST(sum(actual_gmv) AS DECIMAL(18, 2)) AS actual_gmv,
       CAST(sum(point) AS DECIMAL(18, 2)) AS forecast_gmv,
       round(sum(abs(point - actual_gmv)) / nullif(sum(actual_gmv), 0D), 4) AS wape,
       round((sum(point) - sum(actual_gmv)) / nullif(sum(actual_gmv), 0D), 4) AS bias,
       round(avg(CASE WHEN gmv_lower_80 IS NOT NULL
                      THEN IF(actual_gmv BETWEEN gmv_lower_80 AND gmv_upper_80, 1D, 0D) END), 4)
         AS coverage_80,
       round(avg(CASE WHEN gmv_lower_95 IS NOT NULL
                      THEN IF(actual_gmv BETWEEN gmv_lower_95 AND gmv_upper_95, 1D, 0D) END), 4)
         AS coverage_95,
       count(gmv_lower_95) AS interval_points
FROM scored
GROUP BY lag_days, as_of_date, level, forecaster, model_version
