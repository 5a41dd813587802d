-- id: ikd_activations
-- grain: ISO week × scope (region, office, kecamatan); the office of the event
-- parameters: none; reads the runner's kpi_* relations
-- ikd_activated events (Identitas Kependudukan Digital, the digital ID) in the week.
WITH counted AS (
    SELECT e.week_start, m.scope, m.scope_id, sum(e.events) AS n
    FROM kpi_event_counts e
    JOIN kpi_scope_map m ON m.office_key = e.office_code
    WHERE e.stage = 'ikd_activated'
    GROUP BY ALL
)
SELECT g.week, g.scope, g.scope_id, 'ikd_activations' AS kpi, coalesce(c.n, 0)::DOUBLE AS value
FROM kpi_grid g
LEFT JOIN counted c USING (week_start, scope, scope_id)
