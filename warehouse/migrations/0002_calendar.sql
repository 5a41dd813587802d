-- 0002_calendar: one row per local date 2020–2030 with its ISO week and
-- whether it is a weekend, a national holiday or cuti bersama (joint leave).
-- Whether cuti bersama is a day off is a setting, so both flags are kept.
CREATE VIEW calendar AS
SELECT
    d::DATE                                             AS date,
    strftime(d, '%G-W%V')                               AS iso_week,
    isodow(d)                                           AS iso_dow,
    isodow(d) >= 6                                      AS is_weekend,
    coalesce(h.kind = 'national_holiday', false)        AS is_national_holiday,
    coalesce(h.kind = 'cuti_bersama', false)            AS is_cuti_bersama,
    h.name                                              AS holiday_name,
    isodow(d) < 6 AND h.date IS NULL                    AS is_workday,          -- cuti bersama off
    isodow(d) < 6 AND coalesce(h.kind, '') <> 'national_holiday' AS is_workday_cuti_open -- cuti bersama worked
FROM range(DATE '2020-01-01', DATE '2031-01-01', INTERVAL 1 DAY) AS t(d)
LEFT JOIN holidays h ON h.date = d::DATE;
