-- id: ikm_suggestions
-- grain: period × scope × topic
-- Suggestions counted by topic: the complaint category the keyword
-- classifier gave the text on ingest (suggestion_topic). The texts
-- themselves stay in the warehouse: they may name staff.
SELECT p.period, m.scope, m.scope_id, s.suggestion_topic AS topic, count(*) AS suggestions
FROM survey_responses s
JOIN ikm_periods p ON s.submitted_at >= p.starts AND s.submitted_at < p.ends
JOIN kpi_scope_map m ON m.office_key = s.office_code
WHERE s.region_code = (SELECT region_code FROM kpi_settings) AND s.suggestion_topic IS NOT NULL
GROUP BY ALL
