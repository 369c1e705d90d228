-- Where buyers drop out: the SKUs of the last 7 days that most users put in the cart and did not
-- pay for (加购-支付流失), across all broadcasts.
SELECT f.sku_id, p.name, p.category_l2,
       sum(f.carters) AS carters, sum(f.payers) AS payers,
       round(1 - CAST(sum(f.payers) AS DOUBLE) / nullif(sum(f.carters), 0), 3) AS cart_to_pay_loss
FROM gold.session_sku_funnel f
LEFT JOIN gold.dim_product p ON p.sku_id = f.sku_id AND p.is_current
WHERE f.session_date > (SELECT max(session_date) FROM gold.session_sku_funnel) - INTERVAL '7' DAY
GROUP BY f.sku_id, p.name, p.category_l2
HAVING sum(f.carters) > 0
ORDER BY sum(f.carters) - sum(f.payers) DESC, f.sku_id
LIMIT 10
