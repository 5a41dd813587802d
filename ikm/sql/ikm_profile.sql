-- id: ikm_profile
-- grain: period × scope × (field, value)
-- The respondent profile: how many responses gave each sex, age band,
-- education and occupation ('' when left blank).
WITH r AS (
    SELECT p.period, s.office_code, s.sex, s.age_band, s.education, s.occupation
    FROM survey_responses s
    JOIN ikm_periods p ON s.submitted_at >= p.starts AND s.submitted_at < p.ends
    WHERE s.region_code = (SELECT region_code FROM kpi_settings)
)
SELECT r.period, m.scope, m.scope_id, f.field, coalesce(f.value, '') AS value, count(*) AS responses
FROM r
JOIN kpi_scope_map m ON m.office_key = r.office_code
CROSS JOIN LATERAL (VALUES ('sex', r.sex), ('age_band', r.age_band), ('education', r.education), ('occupation', r.occupation)) f(field, value)
GROUP BY ALL
