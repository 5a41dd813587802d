-- id: complaints_per_10k
-- grain: ISO week × scope (region, office, kecamatan)
-- parameters: none; reads the runner's kpi_* relations and result_complaints_received
-- Complaints received in the week per 10,000 service events (of every
-- service and stage) of the scope in the week; NULL with no events.
WITH events AS (
    SELECT e.week_start, m.scope, m.scope_id, sum(e.events) AS n
    FROM kpi_event_counts e
    JOIN kpi_scope_map m ON m.office_key = e.office_code
    GROUP BY ALL
)
SELECT g.week, g.scope, g.scope_id, 'complaints_per_10k' AS kpi, (r.value * 10000 / e.n)::DOUBLE AS value
FROM kpi_grid g
JOIN result_complaints_received r
  ON r.week = g.week AND r.scope = g.scope AND r.scope_id = g.scope_id AND r.kpi = 'complaints_received'
LEFT JOIN events e ON e.week_start = g.week_start AND e.scope = g.scope AND e.scope_id = g.scope_id
