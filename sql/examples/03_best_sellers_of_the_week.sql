-- The week's best sellers (商品排行): GMV, units, refunds and gross profit of the last 7 order days.
SELECT sku_id, category_l1, category_l2,
       sum(gmv) AS gmv, sum(net_gmv) AS net_gmv, sum(units) AS units,
       sum(gross_profit) AS gross_profit, round(sum(refund_amount) / nullif(sum(gmv), 0), 3) AS refund_rate
FROM gold.product_daily
WHERE order_date > (SELECT max(order_date) FROM gold.product_daily) - INTERVAL '7' DAY
GROUP BY sku_id, category_l1, category_l2
ORDER BY gmv DESC, sku_id
LIMIT 10
