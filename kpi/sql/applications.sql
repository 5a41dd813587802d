-- applications: one row per application (kpi_application_firsts) with
-- print_lead_workdays = workdays(recorded_at, printed_at), from the working
-- days of the settings.
SELECT
    f.* EXCLUDE (first_event_at, last_event_at),
    CASE WHEN dp.workday_no < dr.workday_no THEN 0 ELSE dp.workday_no - dr.workday_no END AS print_lead_workdays
FROM kpi_application_firsts f
LEFT JOIN kpi_days dr ON dr.date = f.recorded_at::DATE
LEFT JOIN kpi_days dp ON dp.date = f.printed_at::DATE
