-- id: online_share
-- grain: ISO week × scope (region, office, kecamatan); the office of the event
-- parameters: none; reads the runner's kpi_* relations
-- Share of the week's submitted events that came through the online channel
-- (Sitepak); NULL when nothing was submitted.
WITH stats AS (
    SELECT e.week_start, m.scope, m.scope_id,
           sum(e.events) FILTER (WHERE e.channel = 'online') AS online,
           sum(e.events) AS submitted
    FROM kpi_event_counts e
    JOIN kpi_scope_map m ON m.office_key = e.office_code
    WHERE e.stage = 'submitted'
    GROUP BY ALL
)
SELECT g.week, g.scope, g.scope_id, 'online_share' AS kpi, (coalesce(s.online, 0) / s.submitted)::DOUBLE AS value
FROM kpi_grid g
LEFT JOIN stats s USING (week_start, scope, scope_id)
