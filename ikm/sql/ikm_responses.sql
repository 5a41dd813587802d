-- ikm_responses: the region's survey responses, once per period asked for
-- (quarter or semester) that holds their submitted_at.
SELECT p.period, r.office_code, r.u1, r.u2, r.u3, r.u4, r.u5, r.u6, r.u7, r.u8, r.u9
FROM survey_responses r
JOIN ikm_periods p ON r.submitted_at >= p.starts AND r.submitted_at < p.ends
WHERE r.region_code = (SELECT region_code FROM kpi_settings)
