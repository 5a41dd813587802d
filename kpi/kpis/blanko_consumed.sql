-- id: blanko_consumed
-- grain: ISO week × scope (region, office, kecamatan); the office of the event
-- parameters: none; reads the runner's kpi_* relations
-- Blank cards used in the week: KTP-el printed and spoiled events (from the
-- blanko ledger; every print or reprint uses a card).
WITH counted AS (
    SELECT date_trunc('week', l.date)::DATE AS week_start, m.scope, m.scope_id, sum(l.consumed) AS n
    FROM kpi_blanko_ledger l
    JOIN kpi_scope_map m ON m.office_key = l.office_code
    GROUP BY ALL
)
SELECT g.week, g.scope, g.scope_id, 'blanko_consumed' AS kpi, coalesce(c.n, 0)::DOUBLE AS value
FROM kpi_grid g
LEFT JOIN counted c USING (week_start, scope, scope_id)
