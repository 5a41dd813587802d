-- id: sla_met_rate
-- grain: ISO week × scope (region, office, kecamatan)
-- parameters: none; reads kpi_sla (working days per tier: ringan 2, normatif 5, tanpa_pengawasan 14, pengawasan 60)
-- Of the complaints resolved in the week, the share resolved within their
-- tier's limit; NULL when none was resolved.
WITH stats AS (
    SELECT date_trunc('week', c.resolved_at)::DATE AS week_start, m.scope, m.scope_id,
           avg(CASE WHEN c.sla_met THEN 1.0 ELSE 0.0 END) AS share
    FROM kpi_complaints c
    JOIN kpi_scope_map m ON m.office_key = coalesce(c.office_code, '@' || c.region_code)
    WHERE c.status = 'resolved' AND c.resolved_at IS NOT NULL AND c.sla_met IS NOT NULL
    GROUP BY ALL
)
SELECT g.week, g.scope, g.scope_id, 'sla_met_rate' AS kpi, s.share::DOUBLE AS value
FROM kpi_grid g
LEFT JOIN stats s USING (week_start, scope, scope_id)
