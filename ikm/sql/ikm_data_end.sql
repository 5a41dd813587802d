-- ikm_data_end: the last moment the warehouse holds data for: the latest
-- service event or survey response of the region. A period is complete
-- when its last day is on or before this day.
SELECT max(t) AS data_end FROM (
    SELECT max(event_time) AS t FROM service_events WHERE region_code = (SELECT region_code FROM kpi_settings)
    UNION ALL
    SELECT max(submitted_at) FROM survey_responses WHERE region_code = (SELECT region_code FROM kpi_settings)
)
