-- The regions with stored KPIs, the week their KPIs start and the last day
-- of their service events (a plan as of a later date is outside the
-- region's data: planning.Plan says so, and nothing is stored).
SELECT k.region_code, k.first_week, e.last_day
FROM (
    SELECT scope_id AS region_code, min(week) AS first_week
    FROM kpi_weekly
    WHERE scope = 'region'
    GROUP BY scope_id
) k
LEFT JOIN (
    SELECT region_code, max(event_time)::DATE AS last_day
    FROM service_events
    GROUP BY region_code
) e USING (region_code)
ORDER BY k.region_code
