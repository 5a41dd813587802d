-- kpi_backlog: the KTP-el print backlog at the end of each week (Sunday
-- 23:59:59 local): applications recorded by then and neither printed,
-- rejected nor cancelled by then, counted per week, office (that recorded
-- them), whether they had reached print_ready by then, and age: working days
-- from recorded to the week's Sunday (NULL outside the calendar). Shared by
-- print_backlog, print_backlog_prr and backlog_age.
WITH waiting AS (
    SELECT
        w.week_start,
        w.week_end,
        a.office_code,
        coalesce(a.print_ready_at < w.next_start, false) AS print_ready,
        a.recorded_at::DATE AS recorded_on,
        count(*) AS applications
    FROM kpi_applications a
    JOIN kpi_weeks w
      ON a.recorded_at < w.next_start
     AND coalesce(least(a.printed_at, a.rejected_at, a.cancelled_at), 'infinity'::TIMESTAMP) >= w.next_start
    GROUP BY ALL
)
SELECT b.week_start, b.week_end, b.office_code, b.print_ready,
       dw.workday_no - dr.workday_no AS age,
       sum(b.applications) AS applications
FROM waiting b
LEFT JOIN kpi_days dr ON dr.date = b.recorded_on
LEFT JOIN kpi_days dw ON dw.date = b.week_end
GROUP BY ALL
