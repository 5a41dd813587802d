-- The regions with stored KPIs.
SELECT DISTINCT scope_id AS region_code FROM kpi_weekly WHERE scope = 'region' ORDER BY region_code
