-- id: print_lead_time
-- grain: ISO week × scope (region, office, kecamatan); the office that printed
-- parameters: none; reads the runner's kpi_* relations
-- For KTP-el applications printed in the week: workdays(recorded, printed),
-- median and p90; NULL when nothing was printed.
WITH stats AS (
    SELECT date_trunc('week', a.printed_at)::DATE AS week_start, m.scope, m.scope_id,
           quantile_cont(a.print_lead_workdays, 0.5) AS median,
           quantile_cont(a.print_lead_workdays, 0.9) AS p90
    FROM kpi_applications a
    JOIN kpi_scope_map m ON m.office_key = a.print_office_code
    WHERE a.service = 'ktp_el' AND a.printed_at IS NOT NULL
    GROUP BY ALL
)
SELECT g.week, g.scope, g.scope_id, v.kpi, v.value
FROM kpi_grid g
LEFT JOIN stats s USING (week_start, scope, scope_id)
CROSS JOIN LATERAL (VALUES
    ('print_lead_time.median', s.median::DOUBLE),
    ('print_lead_time.p90',    s.p90::DOUBLE)
) v(kpi, value)
