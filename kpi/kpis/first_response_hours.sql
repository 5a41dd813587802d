-- id: first_response_hours
-- grain: ISO week × scope (region, office, kecamatan)
-- parameters: none; reads the runner's kpi_* relations
-- Median hours (calendar hours) from received to first response, for the
-- complaints first answered in the week; NULL when none was.
WITH stats AS (
    SELECT date_trunc('week', c.first_response_at)::DATE AS week_start, m.scope, m.scope_id,
           quantile_cont(c.response_hours, 0.5) AS median
    FROM kpi_complaints c
    JOIN kpi_scope_map m ON m.office_key = coalesce(c.office_code, '@' || c.region_code)
    WHERE c.first_response_at IS NOT NULL
    GROUP BY ALL
)
SELECT g.week, g.scope, g.scope_id, 'first_response_hours.median' AS kpi, s.median::DOUBLE AS value
FROM kpi_grid g
LEFT JOIN stats s USING (week_start, scope, scope_id)
