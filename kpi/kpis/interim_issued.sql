-- id: interim_issued
-- grain: ISO week × scope (region, office, kecamatan); the office that recorded
-- parameters: none; reads the runner's kpi_* relations and result_recordings
-- KTP-el applications given an interim document (Suket, biodata or IKD) in
-- the week, and their share of the week's recordings (NULL with no recordings).
WITH per_office AS (
    SELECT date_trunc('week', a.interim_issued_at)::DATE AS week_start, a.office_code AS office_code, count(*) AS n
    FROM kpi_applications a
    WHERE a.service = 'ktp_el' AND a.interim_issued_at IS NOT NULL
    GROUP BY ALL
), counted AS (
    SELECT p.week_start, m.scope, m.scope_id, sum(p.n) AS n
    FROM per_office p
    JOIN kpi_scope_map m ON m.office_key = p.office_code
    GROUP BY ALL
)
SELECT g.week, g.scope, g.scope_id, v.kpi, v.value
FROM kpi_grid g
LEFT JOIN counted c USING (week_start, scope, scope_id)
LEFT JOIN result_recordings r ON r.week = g.week AND r.scope = g.scope AND r.scope_id = g.scope_id
CROSS JOIN LATERAL (VALUES
    ('interim_issued',       coalesce(c.n, 0)::DOUBLE),
    ('interim_issued.share', coalesce(c.n, 0)::DOUBLE / nullif(r.value, 0))
) v(kpi, value)
