-- gold.comment_keywords: for script (话术) review, how often each keyword of the configured lexicon
-- (livecart.gold.comment-topics: topic -> keywords) appears in a broadcast's comments.
--   mentions    comments containing the keyword
--   commenters  distinct users who wrote such a comment
-- Grain: (live_session_id, topic, keyword). Rebuilt for the sessions that aired on the days a
-- night touched.
SELECT i.live_session_id, i.session_date, i.anchor_id, k.topic, k.keyword,
       count(*) AS mentions,
       count(DISTINCT i.user_id) AS commenters
FROM gold.fact_interactions i
JOIN comment_topics k ON instr(i.text, k.keyword) > 0
WHERE i.session_date IN ({{build_days}}) AND i.event_type = 'comment' AND i.text IS NOT NULL
GROUP BY i.live_session_id, i.session_date, i.anchor_id, k.topic, k.keyword
