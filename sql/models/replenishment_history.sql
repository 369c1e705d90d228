-- The history the replenishment model reads: one row per SKU and warehouse, with its days from
-- {{first_day}} to {{as_of}} as a list of (day, units, on_hand, on_order, true_demand), day 0 being
-- {{first_day}}.
--   units        units of paid lines ordered that day (refunded later or not: the stock left), by
--                order day, routed to the warehouse of the order's province (models.warehouses); lines of
--                unknown SKUs and of provinces no warehouse ships to are left out (train counts them)
--   on_hand      end-of-day stock of silver.inventory (null: no snapshot that day)
--   on_order     units ordered from the supplier and not yet received, end of day
--   true_demand  the generator's uncensored demand (replenishment_truth; null on real data)
-- Only cells with a snapshot or a sale in the window appear; product attributes are the current
-- version's, the ABC class the latest month's of gold.inventory_turnover up to {{as_of}}.
WITH routing AS (
  SELECT * FROM VALUES {{routing}} AS r(province, warehouse_id)
),
sales AS (
  SELECT f.sku_id, r.warehouse_id, f.order_date AS day, sum(f.quantity) AS units
  FROM gold.fact_order_lines f
  JOIN routing r ON r.province = f.province
  WHERE f.is_paid AND f.sku_known AND f.order_date BETWEEN {{first_day}} AND {{as_of}}
  GROUP BY f.sku_id, r.warehouse_id, f.order_date
),
stock AS (
  SELECT sku_id, warehouse_id, snapshot_date AS day, on_hand, on_order
  FROM silver.inventory
  WHERE snapshot_date BETWEEN {{first_day}} AND {{as_of}}
),
truth AS (
  SELECT sku_id, warehouse_id, day, demand_units
  FROM replenishment_truth
  WHERE day BETWEEN {{first_day}} AND {{as_of}}
),
days AS (
  SELECT coalesce(k.sku_id, s.sku_id, t.sku_id) AS sku_id,
         coalesce(k.warehouse_id, s.warehouse_id, t.warehouse_id) AS warehouse_id,
         coalesce(k.day, s.day, t.day) AS day,
         coalesce(s.units, 0) AS units, k.on_hand, k.on_order, t.demand_units
  FROM stock k
  FULL OUTER JOIN sales s
    ON s.sku_id = k.sku_id AND s.warehouse_id = k.warehouse_id AND s.day = k.day
  FULL OUTER JOIN truth t
    ON t.sku_id = coalesce(k.sku_id, s.sku_id) AND t.warehouse_id = coalesce(k.warehouse_id, s.warehouse_id)
   AND t.day = coalesce(k.day, s.day)
),
cells AS (
  SELECT sku_id, warehouse_id,
         collect_list(struct(datediff(day, {{first_day}}) AS day, CAST(units AS BIGINT) AS units,
                             CAST(on_hand AS BIGINT) AS on_hand, CAST(on_order AS BIGINT) AS on_order,
                             CAST(demand_units AS BIGINT) AS true_demand)) AS days
  FROM days
  GROUP BY sku_id, warehouse_id
),
abc AS (
  SELECT sku_id, max_by(abc_class, month) AS abc_class
  FROM gold.inventory_turnover
  WHERE month <= {{as_of}}
  GROUP BY sku_id
)
SELECT c.sku_id, c.warehouse_id, p.name, p.category_l1, a.abc_class,
       p.lead_time_days, p.case_pack, p.moq, CAST(p.unit_cost AS DOUBLE) AS unit_cost, c.days
FROM cells c
LEFT JOIN gold.dim_product p ON p.sku_id = c.sku_id AND p.is_current
LEFT JOIN abc a ON a.sku_id = c.sku_id
