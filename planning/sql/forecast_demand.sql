-- forecast_demand: the facts of the blanko stock plan as of the end of a
-- local date, in long form (kind, office_code, week, value). Read by
-- planning.BlankoDemand; not a KPI and not a view.
-- parameters (besides the runner's kpi_settings and kpi_weeks):
--   $as_of       DATE  the plan's date: facts up to its end (23:59:59 local)
--   $first_week  DATE  Monday of the first week of the demand series
--   $end_week    DATE  Monday after the last complete week of the series
--   $week_start  DATE  Monday of the week holding as_of
--
-- Demand is measured where it arises, not where cards were consumed:
-- printing stops when stock runs out, so prints under-state demand in a
-- shortage. An application's demand time is its first print_ready (PRR)
-- event, or its print when it was printed without one; in a region that
-- never records PRR, its first recorded (perekaman) event instead. The
-- demand counts at the office that prints for it: the office where most of
-- the cards recorded at its office were printed (up to as_of), else the
-- office itself if it holds blanko, else the region's Dinas.
--
-- kinds:
--   office    the offices that hold blanko or print for others (value 0)
--   demand    applications whose demand time falls in the week
--   backlog   applications owed a card at as_of: demand time by then, and
--             neither printed, rejected nor cancelled by then
--   stock     cards in stock at the end of as_of: the blanko ledger's stock,
--             the same rule as the blanko_stock KPI
--   spoiled / printed   KTP-el spoiled and printed events in the 52 weeks
--             ending on as_of (the spoilage rate)
--   workdays_left / workdays_week   working days after as_of to the end of
--             its week, and in the whole week
--   workdays  working days of each week (week), from first_week to 104 weeks
--             after end_week: the calendar the forecast scales demand by
WITH fc_params AS (
    SELECT $as_of::DATE AS as_of, $first_week::DATE AS first_week, $end_week::DATE AS end_week, $week_start::DATE AS week_start
), fc_cut AS (
    SELECT as_of, first_week, end_week, week_start, (as_of + INTERVAL 1 DAY)::TIMESTAMP AS cut
    FROM fc_params
), fc_ktp AS (
    SELECT a.*
    FROM kpi_applications a
    WHERE a.service = 'ktp_el'
), fc_tracks_prr AS (
    SELECT count(*) > 0 AS tracked
    FROM fc_ktp, fc_cut c
    WHERE print_ready_at < c.cut
), fc_holders AS (
    SELECT DISTINCT l.office_code
    FROM kpi_blanko_ledger l, fc_cut c
    WHERE l.date <= c.as_of AND (l.received <> 0 OR l.counted IS NOT NULL OR l.consumed > 0)
), fc_dinas AS (
    SELECT min(office_code) AS office_code
    FROM offices
    WHERE region_code = (SELECT region_code FROM kpi_settings) AND type = 'dinas'
), fc_printed_by AS (
    SELECT office_code, print_office_code
    FROM (
        SELECT a.office_code, a.print_office_code, count(*) AS n
        FROM fc_ktp a, fc_cut c
        WHERE a.printed_at < c.cut AND a.print_office_code IS NOT NULL
        GROUP BY ALL
    )
    QUALIFY row_number() OVER (PARTITION BY office_code ORDER BY n DESC, print_office_code) = 1
), fc_map AS (
    SELECT o.office_code,
           coalesce(p.print_office_code,
                    CASE WHEN h.office_code IS NOT NULL THEN o.office_code END,
                    (SELECT office_code FROM fc_dinas),
                    o.office_code) AS demand_office
    FROM kpi_offices o
    LEFT JOIN fc_printed_by p USING (office_code)
    LEFT JOIN fc_holders h USING (office_code)
), fc_demand AS (
    SELECT m.demand_office AS office_code,
           CASE WHEN t.tracked THEN least(a.print_ready_at, a.printed_at)
                ELSE least(a.recorded_at, a.printed_at) END AS demand_at,
           least(a.printed_at, a.rejected_at, a.cancelled_at) AS closed_at
    FROM fc_ktp a
    JOIN fc_map m USING (office_code)
    CROSS JOIN fc_tracks_prr t
)
SELECT 'office' AS kind, office_code, NULL::DATE AS week, 0::DOUBLE AS value
FROM (SELECT office_code FROM fc_holders UNION SELECT demand_office FROM fc_map)
UNION ALL
SELECT 'demand', d.office_code, date_trunc('week', d.demand_at)::DATE, count(*)::DOUBLE
FROM fc_demand d, fc_cut c
WHERE d.demand_at >= c.first_week AND d.demand_at < c.end_week
GROUP BY ALL
UNION ALL
SELECT 'backlog', d.office_code, NULL, count(*)::DOUBLE
FROM fc_demand d, fc_cut c
WHERE d.demand_at < c.cut AND coalesce(d.closed_at >= c.cut, true)
GROUP BY ALL
UNION ALL
SELECT 'stock', l.office_code, NULL, l.stock::DOUBLE
FROM kpi_blanko_ledger l, fc_cut c
WHERE l.date = c.as_of
UNION ALL
SELECT CASE e.stage WHEN 'spoiled' THEN 'spoiled' ELSE 'printed' END, NULL, NULL, count(*)::DOUBLE
FROM service_events e, fc_cut c
WHERE e.region_code = (SELECT region_code FROM kpi_settings)
  AND e.service = 'ktp_el' AND e.stage IN ('spoiled', 'printed')
  AND e.event_time >= c.cut - INTERVAL 364 DAY AND e.event_time < c.cut
GROUP BY ALL
UNION ALL
SELECT 'workdays_left', NULL, NULL, count(*) FILTER (WHERE d.date > c.as_of)::DOUBLE
FROM kpi_days d, fc_cut c
WHERE d.is_workday AND d.date >= c.week_start AND d.date < c.week_start + INTERVAL 7 DAY
UNION ALL
SELECT 'workdays_week', NULL, NULL, count(*)::DOUBLE
FROM kpi_days d, fc_cut c
WHERE d.is_workday AND d.date >= c.week_start AND d.date < c.week_start + INTERVAL 7 DAY
UNION ALL
SELECT 'workdays', NULL, d.week_start, (count(*) FILTER (WHERE d.is_workday))::DOUBLE
FROM kpi_days d, fc_cut c
WHERE d.date >= c.first_week AND d.date < c.end_week + INTERVAL 728 DAY
GROUP BY d.week_start
