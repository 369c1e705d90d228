-- Red packets against coupons (红包 vs 折扣券): conversion, AOV and 30-day repurchase of the
-- viewers who took a lucky bag and of those who claimed a coupon, with the p-values of the
-- difference. Exposure is not randomised: read a gap as an association, not as an effect.
SELECT arm, window_start, window_end, exposures, users, converted,
       round(conversion_rate, 4) AS conversion_rate, round(aov, 2) AS aov,
       round(repurchase_30d, 4) AS repurchase_30d, conversion_p_value, repurchase_p_value, caveat
FROM gold.promo_ab
ORDER BY CASE arm WHEN 'lucky_bag' THEN 1 WHEN 'coupon' THEN 2 ELSE 3 END
