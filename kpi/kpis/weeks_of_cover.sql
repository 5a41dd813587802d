-- id: weeks_of_cover
-- grain: end of ISO week (Sunday) × scope (region, office, kecamatan)
-- parameters: none; reads the runner's kpi_* relations and result_blanko_stock
-- blanko_stock divided by the mean weekly consumption of the last 4 weeks
-- (the 28 days ending on the week's Sunday); NULL when nothing was consumed.
-- The forecast-based variant (stock / forecast demand) is the planner
-- report's, from forecast.
WITH daily AS (
    SELECT l.office_code, l.date,
           sum(l.consumed) OVER (PARTITION BY l.office_code ORDER BY l.date
                                 RANGE BETWEEN INTERVAL 27 DAYS PRECEDING AND CURRENT ROW) AS consumed_28d
    FROM kpi_blanko_ledger l
), consumption AS (
    SELECT d.date AS week_end, m.scope, m.scope_id, sum(d.consumed_28d) / 4.0 AS weekly
    FROM daily d
    JOIN kpi_scope_map m ON m.office_key = d.office_code
    WHERE isodow(d.date) = 7
    GROUP BY ALL
)
SELECT g.week, g.scope, g.scope_id, 'weeks_of_cover' AS kpi, (s.value / nullif(c.weekly, 0))::DOUBLE AS value
FROM kpi_grid g
JOIN result_blanko_stock s ON s.week = g.week AND s.scope = g.scope AND s.scope_id = g.scope_id
LEFT JOIN consumption c ON c.week_end = g.week_end AND c.scope = g.scope AND c.scope_id = g.scope_id
