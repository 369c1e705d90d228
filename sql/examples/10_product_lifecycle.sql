-- Tonight's lifecycle lists (爆品 / 潜力品 / 滞销品): the hot sellers, the rising ones and the slow
-- movers, with the figures that put each SKU there.
SELECT l.stage, l.sku_id, p.name, l.category_l1, l.gmv_30d, l.gmv_prev_30d,
       round(l.trend_30d, 3) AS trend_30d, round(l.click_to_pay_30d, 3) AS click_to_pay_30d,
       l.on_hand, round(l.days_of_cover, 1) AS days_of_cover
FROM gold.product_lifecycle l
LEFT JOIN gold.dim_product p ON p.sku_id = l.sku_id AND p.is_current
WHERE l.stage IN ('hot', 'rising', 'slow')
ORDER BY CASE l.stage WHEN 'hot' THEN 1 WHEN 'rising' THEN 2 ELSE 3 END, l.gmv_30d DESC, l.sku_id
