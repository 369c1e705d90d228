-- gold.rfm: RFM of every customer with a paid order in the {{rfm_window_days}} days up to the night
-- (as_of_date), as of that night; earlier nights are read with VERSION AS OF.
--   recency_days   days from the last paid order to as_of_date
--   frequency      paid orders; monetary: their pay_amount net of refunds
--   r/f/m_score    1-5 by percentile rank (5 = most recent, most frequent, most spent); ties share a
--                  score, so a rerun gives the same scores
--   rfm_score      weighted sum of the three scores; the weights (livecart.gold.parameters
--                  rfm_weight_*) switch to the promotion weights (rfm_promo_weight_*) when as_of_date
--                  lies in a shopping festival, when spending weighs more
--   segment        the eight classic segments (重要价值客户 ...): each score high when >= 3
-- Grain: user_id. Rebuilt whole every night.
WITH paid AS (
  SELECT user_id,
         datediff({{as_of}}, max(paid_date)) AS recency_days,
         count(DISTINCT order_id) AS frequency,
         sum(net_amount) AS monetary
  FROM gold.fact_order_lines
  WHERE is_paid AND paid_date <= {{as_of}} AND paid_date > date_sub({{as_of}}, {{rfm_window_days}})
  GROUP BY user_id
),
scored AS (
  SELECT *,
         least(5, 1 + floor(5 * percent_rank() OVER (ORDER BY recency_days DESC))) AS r_score,
         least(5, 1 + floor(5 * percent_rank() OVER (ORDER BY frequency))) AS f_score,
         least(5, 1 + floor(5 * percent_rank() OVER (ORDER BY monetary))) AS m_score
  FROM paid
),
weights AS (
  SELECT CASE WHEN promo THEN {{rfm_promo_weight_r}} ELSE {{rfm_weight_r}} END AS wr,
         CASE WHEN promo THEN {{rfm_promo_weight_f}} ELSE {{rfm_weight_f}} END AS wf,
         CASE WHEN promo THEN {{rfm_promo_weight_m}} ELSE {{rfm_weight_m}} END AS wm
  FROM (SELECT coalesce(max(is_promotion), false) AS promo FROM gold.dim_date WHERE date = {{as_of}})
)
SELECT CAST({{as_of}} AS DATE) AS as_of_date, s.user_id, s.recency_days, s.frequency, s.monetary,
       CAST(s.r_score AS INT) AS r_score, CAST(s.f_score AS INT) AS f_score,
       CAST(s.m_score AS INT) AS m_score,
       CAST(w.wr * s.r_score + w.wf * s.f_score + w.wm * s.m_score AS DOUBLE) AS rfm_score,
       CASE concat(IF(s.r_score >= 3, 'H', 'L'), IF(s.f_score >= 3, 'H', 'L'), IF(s.m_score >= 3, 'H', 'L'))
         WHEN 'HHH' THEN 'important_value' WHEN 'HLH' THEN 'important_develop'
         WHEN 'LHH' THEN 'important_keep' WHEN 'LLH' THEN 'important_retain'
         WHEN 'HHL' THEN 'general_value' WHEN 'HLL' THEN 'general_develop'
         WHEN 'LHL' THEN 'general_keep' ELSE 'general_retain'
       END AS segment,
       CASE concat(IF(s.r_score >= 3, 'H', 'L'), IF(s.f_score >= 3, 'H', 'L'), IF(s.m_score >= 3, 'H', 'L'))
         WHEN 'HHH' THEN '重要价值客户' WHEN 'HLH' THEN '重要发展客户'
         WHEN 'LHH' THEN '重要保持客户' WHEN 'LLH' THEN '重要挽留客户'
         WHEN 'HHL' THEN '一般价值客户' WHEN 'HLL' THEN '一般发展客户'
         WHEN 'LHL' THEN '一般保持客户' ELSE '一般挽留客户'
       END AS segment_zh
FROM scored s CROSS JOIN weights w
