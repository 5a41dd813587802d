-- kpi_days: one row per local date of the calendar with its ISO week and
-- its working-day number, the count of working days up to and including
-- the date. workdays(a, b) = workday_no of date(b) - workday_no of date(a),
-- which is the number of working days d with date(a) < d <= date(b).
-- Whether cuti bersama (joint leave) is a day off comes from kpi_settings.
SELECT
    c.date,
    date_trunc('week', c.date)::DATE AS week_start,
    c.iso_week                       AS week,
    w.is_workday,
    (sum(w.is_workday::INTEGER) OVER (ORDER BY c.date))::INTEGER AS workday_no
FROM calendar c
CROSS JOIN kpi_settings s
CROSS JOIN LATERAL (
    SELECT CASE WHEN s.cuti_bersama_off THEN c.is_workday ELSE c.is_workday_cuti_open END AS is_workday
) w
