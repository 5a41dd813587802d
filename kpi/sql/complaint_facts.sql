-- complaint_facts: one row per complaint with its category, tier and times,
-- hours to the first response, working days to response and resolution, the
-- tier's limit and whether it was met. closed_at is when it stopped being
-- open: resolved_at for a resolved complaint; for a rejected one resolved_at,
-- else its first response, else the time it came; NULL while open.
-- staff_ref and text are left out: query complaints for them.
SELECT
    c.region_code,
    c.complaint_id,
    c.office_code,
    c.received_at,
    c.channel,
    c.category,
    c.classified_by,
    c.tier,
    c.status,
    c.first_response_at,
    c.resolved_at,
    CASE c.status
        WHEN 'resolved' THEN c.resolved_at
        WHEN 'rejected' THEN coalesce(c.resolved_at, c.first_response_at, c.received_at)
    END AS closed_at,
    date_diff('second', c.received_at, c.first_response_at) / 3600.0 AS response_hours,
    CASE WHEN d1.workday_no < d0.workday_no THEN 0 ELSE d1.workday_no - d0.workday_no END AS response_workdays,
    CASE WHEN c.status <> 'resolved' THEN NULL
         WHEN d2.workday_no < d0.workday_no THEN 0
         ELSE d2.workday_no - d0.workday_no END AS resolution_workdays,
    l.days AS sla_days,
    CASE WHEN c.status = 'resolved' THEN
        (CASE WHEN d2.workday_no < d0.workday_no THEN 0 ELSE d2.workday_no - d0.workday_no END) <= l.days
    END AS sla_met
FROM complaints c
LEFT JOIN kpi_sla l ON l.tier = c.tier
LEFT JOIN kpi_days d0 ON d0.date = c.received_at::DATE
LEFT JOIN kpi_days d1 ON d1.date = c.first_response_at::DATE
LEFT JOIN kpi_days d2 ON d2.date = c.resolved_at::DATE
