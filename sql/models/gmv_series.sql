-- The daily GMV series of the forecast hierarchy, from {{from}} to {{as_of}}: the total, each category
-- (category_l1) and each anchor (主播), orders outside live rooms under the anchor key '(非直播)', so
-- that categories and anchors each sum to the total. GMV as docs/contract.md defines it (pay_amount of lines
-- that reached paid), by order day. One scan of gold.fact_order_lines for the three levels.
-- Grain: (level, series_key, date); days without sales are absent (read as 0). The model reads
-- the whole history; the forecast accuracy (forecast_accuracy.sql) only the days it scores.
SELECT CASE WHEN grouping(category) = 0 THEN 'category'
            WHEN grouping(anchor) = 0 THEN 'anchor'
            ELSE 'total' END AS level,
       coalesce(category, anchor, '全部') AS series_key,
       order_date AS date,
       CAST(sum(pay_amount) AS DOUBLE) AS gmv
FROM (
  SELECT order_date, coalesce(category_l1, '(unknown)') AS category,
         coalesce(anchor_id, '(非直播)') AS anchor, pay_amount
  FROM gold.fact_order_lines
  WHERE is_paid AND order_date BETWEEN {{from}} AND {{as_of}}
)
GROUP BY GROUPING SETS ((order_date), (order_date, category), (order_date, anchor))
