-- id: open_complaints
-- grain: end of ISO week × scope (region, office, kecamatan)
-- parameters: none; reads kpi_sla through kpi_complaints
-- At the end of the week: complaints received and not yet resolved or
-- rejected (closed_at after the week), and how many of them are past their
-- tier's limit: workdays(received, end of week) > limit.
WITH open AS (
    SELECT w.week_start, c.region_code, c.office_code, c.sla_days, dw.workday_no - dr.workday_no AS age
    FROM kpi_complaints c
    JOIN kpi_weeks w
      ON c.received_at < w.next_start
     AND coalesce(c.closed_at, 'infinity'::TIMESTAMP) >= w.next_start
    LEFT JOIN kpi_days dr ON dr.date = c.received_at::DATE
    LEFT JOIN kpi_days dw ON dw.date = w.week_end
), stats AS (
    SELECT o.week_start, m.scope, m.scope_id,
           count(*) AS n,
           count(*) FILTER (WHERE o.age > o.sla_days) AS past_limit
    FROM open o
    JOIN kpi_scope_map m ON m.office_key = coalesce(o.office_code, '@' || o.region_code)
    GROUP BY ALL
)
SELECT g.week, g.scope, g.scope_id, v.kpi, v.value
FROM kpi_grid g
LEFT JOIN stats s USING (week_start, scope, scope_id)
CROSS JOIN LATERAL (VALUES
    ('open_complaints',            coalesce(s.n, 0)::DOUBLE),
    ('open_complaints.past_limit', coalesce(s.past_limit, 0)::DOUBLE)
) v(kpi, value)
