-- forecast_demand: the facts of the blanko stock plan as of the end of
-- each of some local dates, in long form (as_of, kind, office_code, week,
-- value). Read by planning.BlankoDemand; not a KPI and not a view. A date's
-- rows are the same whichever dates are read with it: the applications,
-- the ledger and the prints are grouped once, by day, and summed up to
-- each date.
-- parameters (besides the runner's kpi_settings and kpi_weeks, whose last
-- week must hold the latest date), each a comma-separated list with one
-- item per date, in the same order:
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
    SELECT unnest(string_split($as_of, ','))::DATE AS as_of,
           unnest(string_split($first_week, ','))::DATE AS first_week,
           unnest(string_split($end_week, ','))::DATE AS end_week,
           unnest(string_split($week_start, ','))::DATE AS week_start
), fc_cut AS (
    SELECT as_of, first_week, end_week, week_start, (as_of + INTERVAL 1 DAY)::TIMESTAMP AS cut
    FROM fc_params
), fc_ktp AS (
    SELECT a.*
    FROM kpi_applications a
    WHERE a.service = 'ktp_el'
), fc_tracks_prr AS (
    -- the region records PRR by a date when one was recorded by then
    SELECT c.as_of, coalesce(f.first_prr < c.cut, false) AS tracked
    FROM fc_cut c, (SELECT min(print_ready_at) AS first_prr FROM fc_ktp) f
), fc_holders AS (
    SELECT c.as_of, h.office_code
    FROM (
        SELECT office_code, min(date) AS since
        FROM kpi_blanko_ledger
        WHERE received <> 0 OR counted IS NOT NULL OR consumed > 0
        GROUP BY office_code
    ) h
    JOIN fc_cut c ON h.since <= c.as_of
), fc_dinas AS (
    SELECT min(office_code) AS office_code
    FROM offices
    WHERE region_code = (SELECT region_code FROM kpi_settings) AND type = 'dinas'
), fc_prints AS (
    SELECT office_code, print_office_code, printed_at::DATE AS day, count(*) AS n
    FROM fc_ktp
    WHERE printed_at IS NOT NULL AND print_office_code IS NOT NULL
    GROUP BY ALL
), fc_printed_by AS (
    SELECT as_of, office_code, print_office_code
    FROM (
        SELECT c.as_of, p.office_code, p.print_office_code, sum(p.n) AS n
        FROM fc_prints p
        JOIN fc_cut c ON p.day <= c.as_of
        GROUP BY ALL
    )
    QUALIFY row_number() OVER (PARTITION BY as_of, office_code ORDER BY n DESC, print_office_code) = 1
), fc_map AS (
    SELECT c.as_of, o.office_code,
           coalesce(p.print_office_code,
                    CASE WHEN h.office_code IS NOT NULL THEN o.office_code END,
                    (SELECT office_code FROM fc_dinas),
                    o.office_code) AS demand_office
    FROM kpi_offices o
    CROSS JOIN fc_cut c
    LEFT JOIN fc_printed_by p ON p.as_of = c.as_of AND p.office_code = o.office_code
    LEFT JOIN fc_holders h ON h.as_of = c.as_of AND h.office_code = o.office_code
), fc_owed AS (
    -- each application's demand time, in a region that records PRR
    -- (tracked) and in one that does not, and when it was closed
    SELECT a.office_code, t.tracked,
           CASE WHEN t.tracked THEN least(a.print_ready_at, a.printed_at)
                ELSE least(a.recorded_at, a.printed_at) END AS demand_at,
           least(a.printed_at, a.rejected_at, a.cancelled_at) AS closed_at
    FROM fc_ktp a
    CROSS JOIN (VALUES (true), (false)) t(tracked)
), fc_owed_days AS (
    -- per office and day: the applications owed from that day (opened) and
    -- those owed by then and closed that day (closed); an application is in
    -- the backlog at the end of a date when it was opened and not closed by then
    SELECT office_code, tracked, day, sum(opened) AS opened, sum(closed) AS closed
    FROM (
        SELECT office_code, tracked, demand_at::DATE AS day, 1 AS opened, 0 AS closed
        FROM fc_owed WHERE demand_at IS NOT NULL
        UNION ALL
        SELECT office_code, tracked, greatest(demand_at, closed_at)::DATE, 0, 1
        FROM fc_owed WHERE demand_at IS NOT NULL AND closed_at IS NOT NULL
    )
    GROUP BY ALL
), fc_owed_weeks AS (
    SELECT office_code, tracked, date_trunc('week', demand_at)::DATE AS week, count(*) AS n
    FROM fc_owed
    WHERE demand_at IS NOT NULL
    GROUP BY ALL
), fc_print_days AS (
    SELECT CASE e.stage WHEN 'spoiled' THEN 'spoiled' ELSE 'printed' END AS kind, e.event_time::DATE AS day, count(*) AS n
    FROM service_events e
    WHERE e.region_code = (SELECT region_code FROM kpi_settings)
      AND e.service = 'ktp_el' AND e.stage IN ('spoiled', 'printed')
      AND e.event_time >= (SELECT min(cut) FROM fc_cut) - INTERVAL 364 DAY
      AND e.event_time < (SELECT max(cut) FROM fc_cut)
    GROUP BY ALL
)
SELECT as_of, 'office' AS kind, office_code, NULL::DATE AS week, 0::DOUBLE AS value
FROM (SELECT as_of, office_code FROM fc_holders UNION SELECT as_of, demand_office FROM fc_map)
UNION ALL
SELECT c.as_of, 'demand', m.demand_office, w.week, sum(w.n)::DOUBLE
FROM fc_owed_weeks w
JOIN fc_tracks_prr t USING (tracked)
JOIN fc_cut c USING (as_of)
JOIN fc_map m ON m.as_of = c.as_of AND m.office_code = w.office_code
WHERE w.week >= c.first_week AND w.week < c.end_week
GROUP BY ALL
UNION ALL
SELECT c.as_of, 'backlog', m.demand_office, NULL, (sum(d.opened) - sum(d.closed))::DOUBLE
FROM fc_owed_days d
JOIN fc_tracks_prr t USING (tracked)
JOIN fc_cut c USING (as_of)
JOIN fc_map m ON m.as_of = c.as_of AND m.office_code = d.office_code
WHERE d.day <= c.as_of
GROUP BY ALL
HAVING sum(d.opened) - sum(d.closed) > 0
UNION ALL
SELECT c.as_of, 'stock', l.office_code, NULL, l.stock::DOUBLE
FROM kpi_blanko_ledger l
JOIN fc_cut c ON l.date = c.as_of
UNION ALL
SELECT c.as_of, p.kind, NULL, NULL, sum(p.n)::DOUBLE
FROM fc_print_days p
JOIN fc_cut c ON p.day >= (c.cut - INTERVAL 364 DAY)::DATE AND p.day < c.cut::DATE
GROUP BY ALL
UNION ALL
SELECT c.as_of, 'workdays_left', NULL, NULL, count(d.date) FILTER (WHERE d.date > c.as_of)::DOUBLE
FROM fc_cut c
LEFT JOIN kpi_days d ON d.is_workday AND d.date >= c.week_start AND d.date < c.week_start + INTERVAL 7 DAY
GROUP BY c.as_of
UNION ALL
SELECT c.as_of, 'workdays_week', NULL, NULL, count(d.date)::DOUBLE
FROM fc_cut c
LEFT JOIN kpi_days d ON d.is_workday AND d.date >= c.week_start AND d.date < c.week_start + INTERVAL 7 DAY
GROUP BY c.as_of
UNION ALL
SELECT c.as_of, 'workdays', NULL, d.week_start, (count(*) FILTER (WHERE d.is_workday))::DOUBLE
FROM kpi_days d
JOIN fc_cut c ON d.date >= c.first_week AND d.date < c.end_week + INTERVAL 728 DAY
GROUP BY c.as_of, d.week_start
