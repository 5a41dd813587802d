-- id: print_backlog_prr
-- grain: end of ISO week × scope (region, office, kecamatan); the office that recorded
-- parameters: none; reads the runner's kpi_* relations
-- The part of the print backlog that reached print_ready (PRR) by the end of
-- the week: ready, waiting for a card.
WITH counted AS (
    SELECT b.week_start, m.scope, m.scope_id, sum(b.applications) AS n
    FROM kpi_backlog b
    JOIN kpi_scope_map m ON m.office_key = b.office_code
    WHERE b.print_ready
    GROUP BY ALL
)
SELECT g.week, g.scope, g.scope_id, 'print_backlog_prr' AS kpi, coalesce(c.n, 0)::DOUBLE AS value
FROM kpi_grid g
LEFT JOIN counted c USING (week_start, scope, scope_id)
