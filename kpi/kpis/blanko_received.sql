-- id: blanko_received
-- grain: ISO week × scope (region, office, kecamatan); the office of the event
-- parameters: none; reads the runner's kpi_* relations
-- Blank cards received in the week, from the blanko ledger: deliveries, and
-- transfers between offices (negative for the sender, so that they cancel
-- out for the region and for a kecamatan that holds both offices).
WITH counted AS (
    SELECT date_trunc('week', l.date)::DATE AS week_start, m.scope, m.scope_id, sum(l.received) AS n
    FROM kpi_blanko_ledger l
    JOIN kpi_scope_map m ON m.office_key = l.office_code
    GROUP BY ALL
)
SELECT g.week, g.scope, g.scope_id, 'blanko_received' AS kpi, coalesce(c.n, 0)::DOUBLE AS value
FROM kpi_grid g
LEFT JOIN counted c USING (week_start, scope, scope_id)
