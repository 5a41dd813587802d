-- The regions with stored KPIs, and the Sunday ending their first week.
SELECT scope_id AS region_code, min(week) AS first_week
FROM kpi_weekly
WHERE scope = 'region'
GROUP BY scope_id
ORDER BY scope_id
