-- kpi_event_counts: the region's service events of the weeks asked for,
-- counted per week, office, service, stage and channel: one scan of
-- service_events for every KPI that counts events. The join with the span
-- of the weeks lets the scan skip the rest of the history.
SELECT date_trunc('week', e.event_time)::DATE AS week_start, e.office_code, e.service, e.stage, e.channel, count(*) AS events
FROM service_events e
JOIN (SELECT min(week_start) AS first, max(next_start) AS next FROM kpi_weeks) s
  ON e.event_time >= s.first AND e.event_time < s.next
WHERE e.region_code IN (SELECT region_code FROM kpi_regions)
GROUP BY ALL
