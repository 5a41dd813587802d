-- id: backlog_age
-- grain: end of ISO week × scope (region, office, kecamatan); the office that recorded
-- parameters: none; reads the runner's kpi_* relations
-- Working days from recorded to the end of the week for the applications in
-- the print backlog: median, p90 (NULL for an empty backlog) and counts in
-- the buckets 0–5, 6–20, 21–60 and over 60.
--
-- Ages are whole days, so the quantiles are taken from the histogram of
-- ages (far fewer rows than applications), exactly as quantile_cont would:
-- with n ages in order x0..x(n-1), the q-quantile at h = (n-1)q is
-- x(floor h) + (h - floor h)(x(ceil h) - x(floor h)); x(r) is the smallest
-- age whose running count exceeds r.
WITH histogram AS (
    SELECT b.week_start, m.scope, m.scope_id, b.age, sum(b.applications) AS n
    FROM kpi_backlog b
    JOIN kpi_scope_map m ON m.office_key = b.office_code
    WHERE b.age IS NOT NULL
    GROUP BY ALL
), running AS (
    SELECT *,
           sum(n) OVER (PARTITION BY week_start, scope, scope_id ORDER BY age) AS upto,
           sum(n) OVER (PARTITION BY week_start, scope, scope_id) AS total
    FROM histogram
), ranks AS (
    SELECT week_start, scope, scope_id,
           any_value(total) AS total,
           min(age) FILTER (WHERE upto > floor((total - 1) * 0.5)) AS median_lo,
           min(age) FILTER (WHERE upto > ceil((total - 1) * 0.5))  AS median_hi,
           min(age) FILTER (WHERE upto > floor((total - 1) * 0.9)) AS p90_lo,
           min(age) FILTER (WHERE upto > ceil((total - 1) * 0.9))  AS p90_hi,
           sum(n) FILTER (WHERE age <= 5)             AS bucket_0_5,
           sum(n) FILTER (WHERE age BETWEEN 6 AND 20)  AS bucket_6_20,
           sum(n) FILTER (WHERE age BETWEEN 21 AND 60) AS bucket_21_60,
           sum(n) FILTER (WHERE age > 60)             AS bucket_over_60
    FROM running
    GROUP BY ALL
), stats AS (
    SELECT *,
           median_lo + ((total - 1) * 0.5 - floor((total - 1) * 0.5)) * (median_hi - median_lo) AS median,
           p90_lo + ((total - 1) * 0.9 - floor((total - 1) * 0.9)) * (p90_hi - p90_lo) AS p90
    FROM ranks
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
