-- The selection score (选品) of each SKU in stock for the live sessions of the next
-- {{selection_horizon_days}} days after {{as_of}}: what it would sell, earn, convert and bring back,
-- given the stock there is to sell. Components, each kept as a column:
--   forecast_units    unit demand over the horizon, all warehouses (ml.replenishment_plan's daily
--                     forecasts of the same night)
--   profit_per_unit   gross profit per unit sold over the last 28 days (net of refunds and unit
--                     cost); the list margin when it did not sell
--   conversion_rate   live-room click-to-pay over the last 28 days: paying users / clicking users,
--                     shrunk towards the catalogue's rate as if {{selection_prior_weight}} more users
--                     had clicked at it (a SKU clicked by 3 users is not judged on them alone)
--   repurchase_rate   share of the SKU's customers who bought it twice or more in a month, over the
--                     last 3 complete months, shrunk towards the catalogue's the same way
--   stock_cover       units on hand (all warehouses) / forecast_units, at most 1: a SKU that would
--                     sell out before the horizon ends scores in proportion to what it can ship
-- score = stock_cover x (weighted mean of the four components' percentile ranks among the SKUs
-- scored, weights selection_weight_*), from 0 to 1; rank 1 = the best pick. SKUs with nothing on
-- hand are not scored. Grain: (as_of_date, sku_id).
WITH plan AS (
  SELECT sku_id,
         sum(aggregate(slice(daily_forecast, 1, {{selection_horizon_days}}), 0D, (acc, x) -> acc + x))
           AS forecast_units,
         sum(coalesce(on_hand, 0)) AS on_hand
  FROM ml.replenishment_plan
  WHERE as_of_date = {{as_of}}
  GROUP BY sku_id
),
sold AS (
  SELECT sku_id, sum(quantity) AS units, sum(gross_profit) AS gross_profit
  FROM gold.fact_order_lines
  WHERE is_paid AND order_date > date_sub({{as_of}}, 28) AND order_date <= {{as_of}}
  GROUP BY sku_id
),
funnel AS (
  SELECT sku_id, sum(clickers) AS clickers, sum(payers) AS payers
  FROM gold.session_sku_funnel
  WHERE session_date > date_sub({{as_of}}, 28) AND session_date <= {{as_of}}
  GROUP BY sku_id
),
repurchase AS (
  SELECT sku_id, sum(customers) AS customers, sum(repeat_customers) AS repeat_customers
  FROM gold.repurchase_monthly
  WHERE scope = 'sku' AND month >= add_months(trunc({{as_of}}, 'MM'), -3)
    AND month < trunc({{as_of}}, 'MM')
  GROUP BY sku_id
),
priors AS (
  SELECT (SELECT try_divide(sum(payers), sum(clickers)) FROM funnel) AS conversion,
         (SELECT try_divide(sum(repeat_customers), sum(customers)) FROM repurchase) AS repurchase
),
components AS (
  SELECT p.sku_id, d.name, d.category_l1, p.forecast_units, p.on_hand,
         coalesce(try_divide(s.gross_profit, s.units), CAST(d.list_price - d.unit_cost AS DOUBLE))
           AS profit_per_unit,
         (coalesce(f.payers, 0) + {{selection_prior_weight}} * coalesce(r.conversion, 0))
           / (coalesce(f.clickers, 0) + {{selection_prior_weight}}) AS conversion_rate,
         (coalesce(q.repeat_customers, 0) + {{selection_prior_weight}} * coalesce(r.repurchase, 0))
           / (coalesce(q.customers, 0) + {{selection_prior_weight}}) AS repurchase_rate,
         least(1D, try_divide(p.on_hand, p.forecast_units)) AS stock_cover
  FROM plan p
  CROSS JOIN priors r
  LEFT JOIN gold.dim_product d ON d.sku_id = p.sku_id AND d.is_current
  LEFT JOIN sold s ON s.sku_id = p.sku_id
  LEFT JOIN funnel f ON f.sku_id = p.sku_id
  LEFT JOIN repurchase q ON q.sku_id = p.sku_id
  WHERE p.on_hand > 0
),
ranked AS (
  SELECT *,
         percent_rank() OVER (ORDER BY forecast_units) AS demand_percentile,
         percent_rank() OVER (ORDER BY coalesce(profit_per_unit, 0)) AS profit_percentile,
         percent_rank() OVER (ORDER BY conversion_rate) AS conversion_percentile,
         percent_rank() OVER (ORDER BY repurchase_rate) AS repurchase_percentile
  FROM components
),
scored AS (
  SELECT *,
         coalesce(stock_cover, 1D)
           * ({{selection_weight_demand}} * demand_percentile
              + {{selection_weight_margin}} * profit_percentile
              + {{selection_weight_conversion}} * conversion_percentile
              + {{selection_weight_repurchase}} * repurchase_percentile)
           / ({{selection_weight_demand}} + {{selection_weight_margin}}
              + {{selection_weight_conversion}} + {{selection_weight_repurchase}}) AS score
  FROM ranked
)
SELECT {{as_of}} AS as_of_date,
       row_number() OVER (ORDER BY score DESC, forecast_units DESC, sku_id) AS selection_rank,
       sku_id, name, category_l1,
       round(score, 4) AS score,
       round(forecast_units, 2) AS forecast_units,
       round(profit_per_unit, 2) AS profit_per_unit,
       round(conversion_rate, 4) AS conversion_rate,
       round(repurchase_rate, 4) AS repurchase_rate,
       on_hand,
       round(stock_cover, 4) AS stock_cover,
       round(demand_percentile, 4) AS demand_percentile,
       round(profit_percentile, 4) AS profit_percentile,
       round(conversion_percentile, 4) AS conversion_percentile,
       round(repurchase_percentile, 4) AS repurchase_percentile
FROM scored
