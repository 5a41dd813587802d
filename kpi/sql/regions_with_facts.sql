-- regions_with_facts: the regions with any fact row, whose KPIs kpi_weekly
-- holds. Read by kpi.Refresh. parameters: none.
SELECT region_code FROM service_events
UNION SELECT region_code FROM complaints
UNION SELECT region_code FROM blanko_deliveries
UNION SELECT region_code FROM blanko_stock_counts
ORDER BY region_code
