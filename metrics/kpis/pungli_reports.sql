-- id: pungli_reports
-- grain: ISO week × scope (region, office, kecamatan)
-- parameters: none; reads the runner's kpi_* relations
-- Complaints of category pungli (illegal levies) received in the week, and
-- how many of them were still open at the end of the week.
WITH stats AS (
    SELECT w.week_start, m.scope, m.scope_id,
           count(*) AS n,
           count(*) FILTER (WHERE coalesce(c.closed_at, 'infinity'::TIMESTAMP) >= w.next_start) AS still_open
    FROM kpi_complaints c
    JOIN kpi_weeks w ON w.week_start = date_trunc('week', c.received_at)::DATE
    JOIN kpi_scope_map m ON m.office_key = coalesce(c.office_code, '')
    WHERE c.category = 'pungli'
    GROUP BY ALL
)
SELECT g.week, g.scope, g.scope_id, v.kpi, v.value
FROM kpi_grid g
LEFT JOIN stats s USING (week_start, scope, scope_id)
CROSS JOIN LATERAL (VALUES
    ('pungli_reports',      coalesce(s.n, 0)::DOUBLE),
    ('pungli_reports.open', coalesce(s.still_open, 0)::DOUBLE)
) v(kpi, value)
