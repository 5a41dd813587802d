-- kpi_events: the service events of the region (not materialized: KPIs that
-- count events read kpi_event_counts instead).
SELECT * FROM service_events WHERE region_code IN (SELECT region_code FROM kpi_regions)
