-- kpi_event_counts: the region's service events of the weeks asked for,
-- counted per week, office, service, stage and channel: one scan of
-- service_events for every KPI that counts events.
SELECT date_trunc('week', event_time)::DATE AS week_start, office_code, service, stage, channel, count(*) AS events
FROM service_events
WHERE region_code IN (SELECT region_code FROM kpi_regions)
  AND event_time >= (SELECT min(week_start) FROM kpi_weeks)
  AND event_time < (SELECT max(next_start) FROM kpi_weeks)
GROUP BY ALL
