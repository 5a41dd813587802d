-- id: blanko_stock
-- grain: end of ISO week (Sunday) × scope (region, office, kecamatan)
-- parameters: none; reads the runner's kpi_* relations
-- Blank cards in stock at the end of the week per office (the blanko
-- ledger's stock on the week's Sunday: latest physical count on or before
-- it, plus later receipts, minus later consumption); region and kecamatan
-- are sums of their offices.
WITH stock AS (
    SELECT l.date AS week_end, m.scope, m.scope_id, sum(l.stock) AS stock
    FROM kpi_blanko_ledger l
    JOIN kpi_scope_map m ON m.office_key = l.office_code
    WHERE isodow(l.date) = 7
    GROUP BY ALL
)
SELECT g.week, g.scope, g.scope_id, 'blanko_stock' AS kpi, coalesce(s.stock, 0)::DOUBLE AS value
FROM kpi_grid g
LEFT JOIN stock s USING (week_end, scope, scope_id)
