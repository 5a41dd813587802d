-- id: on_time_issuance
-- grain: ISO week × scope (region, office, kecamatan); the office that printed
-- parameters: none; reads kpi_settings.issuance_standard_days (default 4)
-- Share of KTP-el applications printed in the week with
-- workdays(recorded, printed) <= the service standard; NULL when none printed.
WITH stats AS (
    SELECT date_trunc('week', a.printed_at)::DATE AS week_start, m.scope, m.scope_id,
           avg(CASE WHEN a.print_lead_workdays <= s.issuance_standard_days THEN 1.0 ELSE 0.0 END) AS share
    FROM kpi_applications a
    CROSS JOIN kpi_settings s
    JOIN kpi_scope_map m ON m.office_key = a.print_office_code
    WHERE a.service = 'ktp_el' AND a.printed_at IS NOT NULL AND a.print_lead_workdays IS NOT NULL
    GROUP BY ALL
)
SELECT g.week, g.scope, g.scope_id, 'on_time_issuance' AS kpi, s.share::DOUBLE AS value
FROM kpi_grid g
LEFT JOIN stats s USING (week_start, scope, scope_id)
