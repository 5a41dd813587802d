-- kpi_events: the service events of the region.
SELECT * FROM service_events WHERE region_code = (SELECT region_code FROM kpi_settings)
