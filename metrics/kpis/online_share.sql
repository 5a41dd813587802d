-- id: online_share
-- grain: ISO week × scope (region, office, kecamatan); the office of the event
-- parameters: none; reads the runner's kpi_* relations
-- Share of the week's submitted events that came through the online channel
-- (Sitepak); NULL when nothing was submitted.
WITH stats AS (
    SELECT date_trunc('week', e.event_time)::DATE AS week_start, m.scope, m.scope_id,
           avg(CASE WHEN e.channel = 'online' THEN 1.0 ELSE 0.0 END) AS share
    FROM kpi_events e
    JOIN kpi_scope_map m ON m.office_key = e.office_code
    WHERE e.stage = 'submitted'
    GROUP BY ALL
)
SELECT g.week, g.scope, g.scope_id, 'online_share' AS kpi, s.share::DOUBLE AS value
FROM kpi_grid g
LEFT JOIN stats s USING (week_start, scope, scope_id)
