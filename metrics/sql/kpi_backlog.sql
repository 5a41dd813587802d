-- kpi_backlog: the KTP-el print backlog at the end of each week (Sunday
-- 23:59:59 local): applications recorded by then and neither printed,
-- rejected nor cancelled by then. Shared by print_backlog,
-- print_backlog_prr and backlog_age.
SELECT
    w.week_start,
    w.week_end,
    a.application_id,
    a.office_code,
    a.recorded_at,
    coalesce(a.print_ready_at < w.next_start, false) AS print_ready
FROM kpi_applications a
JOIN kpi_weeks w
  ON a.recorded_at < w.next_start
 AND coalesce(least(a.printed_at, a.rejected_at, a.cancelled_at), 'infinity'::TIMESTAMP) >= w.next_start
WHERE a.service = 'ktp_el'
