-- id: on_time_issuance
-- grain: ISO week × scope (region, office, kecamatan); the office that printed
-- parameters: none; reads kpi_settings.issuance_standard_days (default 4)
-- Share of KTP-el applications printed in the week with
-- workdays(recorded, printed) <= the service standard; NULL when none printed.
WITH per_office AS (
    SELECT date_trunc('week', a.printed_at)::DATE AS week_start, a.print_office_code AS office_code,
           count(*) FILTER (WHERE a.print_lead_workdays <= s.issuance_standard_days) AS on_time,
           count(*) AS printed
    FROM kpi_applications a
    CROSS JOIN kpi_settings s
    WHERE a.service = 'ktp_el' AND a.printed_at IS NOT NULL AND a.print_lead_workdays IS NOT NULL
    GROUP BY ALL
), stats AS (
    SELECT p.week_start, m.scope, m.scope_id, sum(p.on_time) / sum(p.printed) AS share
    FROM per_office p
    JOIN kpi_scope_map m ON m.office_key = p.office_code
    GROUP BY ALL
)
SELECT g.week, g.scope, g.scope_id, 'on_time_issuance' AS kpi, s.share::DOUBLE AS value
FROM kpi_grid g
LEFT JOIN stats s USING (week_start, scope, scope_id)
