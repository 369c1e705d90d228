-- ml.repurchase_scores: per active user as of {{as_of}}, the champion's probability of paying an
-- order in the next horizon_days, and what to do about it. Reads the scored features
-- (repurchase_scored, a temporary view) and gold.rfm of the same night.
--   decile         1 = the tenth of users likeliest to buy ... 10 = the least likely
--   churn_signals  how many of the product contract's churn signals the user shows: no live-room visit for
--                  {{churn_inactive_days}} days; spend of the last 30 days down {{churn_spend_drop}}
--                  or more against the 30 before; interactions stopped (some in the
--                  {{churn_inactive_days}} days before, none since). No visit counts only when
--                  the viewing feed recorded a visit in those days (some scored user's): without one
--                  (a shop without live-room data, a purchase log) it says nothing of the user
--   churn_risk     high: {{churn_min_signals}} signals or more; medium: one; low: none
--   suggested_touch  the product contract's rule: high risk SMS (短信), medium a call (电话), low a coupon (优惠券)
-- Grain: (as_of_date, user_id). One partition per as-of date, replaced by a rerun.
WITH signals AS (
  SELECT s.*,
         CAST(ntile(10) OVER (ORDER BY probability DESC, raw_score DESC, user_id) AS INT) AS decile,
         CAST(IF(days_since_visit >= {{churn_inactive_days}}
                 AND min(days_since_visit) OVER () < {{churn_inactive_days}}, 1, 0)
              + IF(monetary_prev_30d > 0 AND monetary_30d <= (1 - {{churn_spend_drop}}) * monetary_prev_30d, 1, 0)
              + IF(interactions_earlier > 0 AND interactions_recent = 0, 1, 0) AS INT) AS churn_signals
  FROM repurchase_scored s
)
SELECT CAST({{as_of}} AS DATE) AS as_of_date, s.user_id, s.probability, s.decile,
       g.segment, g.segment_zh,
       s.p_alive, s.expected_purchases, round(s.clv, 2) AS clv, s.p_buy_bgnbd,
       s.recency_days, s.frequency_365d, round(s.monetary_365d, 2) AS monetary_365d,
       s.churn_signals,
       CASE WHEN s.churn_signals >= {{churn_min_signals}} THEN 'high'
            WHEN s.churn_signals >= 1 THEN 'medium' ELSE 'low' END AS churn_risk,
       CASE WHEN s.churn_signals >= {{churn_min_signals}} THEN 'sms'
            WHEN s.churn_signals >= 1 THEN 'call' ELSE 'coupon' END AS suggested_touch,
       {{model_version}} AS model_version
FROM signals s
LEFT JOIN gold.rfm g ON g.user_id = s.user_id AND g.as_of_date = {{as_of}}
