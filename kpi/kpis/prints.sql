-- id: prints
-- grain: ISO week × scope (region, office, kecamatan); the office that printed
-- parameters: none; reads the runner's kpi_* relations
-- KTP-el applications whose (first) printed time falls in the week.
WITH per_office AS (
    SELECT date_trunc('week', a.printed_at)::DATE AS week_start, a.print_office_code AS office_code, count(*) AS n
    FROM kpi_applications a
    WHERE a.service = 'ktp_el' AND a.printed_at IS NOT NULL
    GROUP BY ALL
), counted AS (
    SELECT p.week_start, m.scope, m.scope_id, sum(p.n) AS n
    FROM per_office p
    JOIN kpi_scope_map m ON m.office_key = p.office_code
    GROUP BY ALL
)
SELECT g.week, g.scope, g.scope_id, 'prints' AS kpi, coalesce(c.n, 0)::DOUBLE AS value
FROM kpi_grid g
LEFT JOIN counted c USING (week_start, scope, scope_id)
