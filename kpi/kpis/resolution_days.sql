-- id: resolution_days
-- grain: ISO week × scope (region, office, kecamatan)
-- parameters: none; reads the runner's kpi_* relations
-- For complaints resolved in the week: workdays(received, resolved), median
-- and p90, NULL when none was resolved; and how many were resolved (the
-- count the median, the p90 and sla_met_rate are taken over).
WITH stats AS (
    SELECT date_trunc('week', c.resolved_at)::DATE AS week_start, m.scope, m.scope_id,
           quantile_cont(c.resolution_workdays, 0.5) AS median,
           quantile_cont(c.resolution_workdays, 0.9) AS p90,
           count(*) AS resolved
    FROM kpi_complaints c
    JOIN kpi_scope_map m ON m.office_key = coalesce(c.office_code, '@' || c.region_code)
    WHERE c.status = 'resolved' AND c.resolved_at IS NOT NULL
    GROUP BY ALL
)
SELECT g.week, g.scope, g.scope_id, v.kpi, v.value
FROM kpi_grid g
LEFT JOIN stats s USING (week_start, scope, scope_id)
CROSS JOIN LATERAL (VALUES
    ('resolution_days.median', s.median::DOUBLE),
    ('resolution_days.p90',    s.p90::DOUBLE),
    ('resolution_days.resolved', coalesce(s.resolved, 0)::DOUBLE)
) v(kpi, value)
