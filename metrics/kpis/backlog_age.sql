-- id: backlog_age
-- grain: end of ISO week × scope (region, office, kecamatan); the office that recorded
-- parameters: none; reads the runner's kpi_* relations
-- Working days from recorded to the end of the week for the applications in
-- the print backlog: median, p90 (NULL for an empty backlog) and counts in
-- the buckets 0–5, 6–20, 21–60 and over 60.
WITH aged AS (
    SELECT b.week_start, b.office_code, dw.workday_no - dr.workday_no AS age
    FROM kpi_backlog b
    JOIN kpi_days dr ON dr.date = b.recorded_at::DATE
    JOIN kpi_days dw ON dw.date = b.week_end
), stats AS (
    SELECT a.week_start, m.scope, m.scope_id,
           quantile_cont(a.age, 0.5)                  AS median,
           quantile_cont(a.age, 0.9)                  AS p90,
           count(*) FILTER (WHERE a.age <= 5)         AS bucket_0_5,
           count(*) FILTER (WHERE a.age BETWEEN 6 AND 20)  AS bucket_6_20,
           count(*) FILTER (WHERE a.age BETWEEN 21 AND 60) AS bucket_21_60,
           count(*) FILTER (WHERE a.age > 60)         AS bucket_over_60
    FROM aged a
    JOIN kpi_scope_map m ON m.office_key = a.office_code
    GROUP BY ALL
)
SELECT g.week, g.scope, g.scope_id, v.kpi, v.value
FROM kpi_grid g
LEFT JOIN stats s USING (week_start, scope, scope_id)
CROSS JOIN LATERAL (VALUES
    ('backlog_age.median',         s.median::DOUBLE),
    ('backlog_age.p90',            s.p90::DOUBLE),
    ('backlog_age.bucket_0_5',     coalesce(s.bucket_0_5, 0)::DOUBLE),
    ('backlog_age.bucket_6_20',    coalesce(s.bucket_6_20, 0)::DOUBLE),
    ('backlog_age.bucket_21_60',   coalesce(s.bucket_21_60, 0)::DOUBLE),
    ('backlog_age.bucket_over_60', coalesce(s.bucket_over_60, 0)::DOUBLE)
) v(kpi, value)
