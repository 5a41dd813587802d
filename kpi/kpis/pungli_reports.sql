-- id: pungli_reports
-- grain: ISO week × scope (region, office, kecamatan)
-- parameters: none; reads the runner's kpi_* relations
-- Complaints of category pungli (illegal levies) received in the week, and
-- how many of them were still open at the end of the week (kpi_pungli's rule,
-- which the weekly report's list of pungli reports shares).
WITH stats AS (
    SELECT p.week_start, m.scope, m.scope_id,
           count(*) AS n,
           count(*) FILTER (WHERE p.open_at_week_end) AS still_open
    FROM kpi_pungli p
    JOIN kpi_scope_map m ON m.office_key = coalesce(p.office_code, '@' || p.region_code)
    GROUP BY ALL
)
SELECT g.week, g.scope, g.scope_id, v.kpi, v.value
FROM kpi_grid g
LEFT JOIN stats s USING (week_start, scope, scope_id)
CROSS JOIN LATERAL (VALUES
    ('pungli_reports',      coalesce(s.n, 0)::DOUBLE),
    ('pungli_reports.open', coalesce(s.still_open, 0)::DOUBLE)
) v(kpi, value)
