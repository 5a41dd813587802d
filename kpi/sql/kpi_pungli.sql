-- kpi_pungli: the complaints of category pungli (illegal levies) with the
-- week they came in and whether they were still open at that week's end
-- (not closed before the next week began; closed_at as in complaint_facts).
-- The one rule behind pungli_reports.open and the weekly report's list.
SELECT c.region_code, c.complaint_id, c.office_code, c.channel, c.received_at, c.status, w.week_start,
       coalesce(c.closed_at, 'infinity'::TIMESTAMP) >= w.next_start AS open_at_week_end
FROM kpi_complaints c
JOIN kpi_weeks w ON w.week_start = date_trunc('week', c.received_at)::DATE
WHERE c.category = 'pungli'
