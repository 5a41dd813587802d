-- regions_with_facts: the regions with any fact row, whose KPIs kpi_weekly
-- holds (region_facts: over many lakes a table made from their manifests).
-- Read by kpi.Refresh and RefreshPooled. parameters: none.
SELECT region_code FROM region_facts ORDER BY region_code
