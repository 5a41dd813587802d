-- 0005_metrics_tables: the tables metrics keeps beside the facts, so that
-- SQL run in the warehouse agrees with the CLI. metrics.Install fills them
-- (their rows follow the settings file); only this migration creates them.
-- IF NOT EXISTS: warehouses made before 0005 had them created by Install.

-- settings: one row, the KPI settings.
CREATE TABLE IF NOT EXISTS settings (
    region_code            TEXT NOT NULL,
    cuti_bersama_off       BOOLEAN NOT NULL,
    issuance_standard_days INTEGER NOT NULL
);

-- sla_limits: the complaint resolution limit per tier, in working days.
CREATE TABLE IF NOT EXISTS sla_limits (
    tier TEXT PRIMARY KEY,
    days INTEGER NOT NULL
);

-- workday_calendar: one row per local date with its ISO week, whether it is
-- a working day under the settings and workday_no, the number of working
-- days up to and including it.
CREATE TABLE IF NOT EXISTS workday_calendar (
    date       DATE,
    week_start DATE,
    week       TEXT,
    is_workday BOOLEAN,
    workday_no INTEGER
);

-- workdays(a, b): working days d with date(a) < d <= date(b); same day = 0;
-- NULL if either is NULL.
CREATE OR REPLACE MACRO workdays(a, b) AS (
    CASE WHEN a IS NULL OR b IS NULL THEN NULL ELSE (
        SELECT count(*) FROM workday_calendar w
        WHERE w.is_workday AND w.date > CAST(a AS DATE) AND w.date <= CAST(b AS DATE)
    ) END);

-- check_results: what pantau check stored, one row per check per run.
CREATE TABLE IF NOT EXISTS check_results (
    run_at   TIMESTAMPTZ NOT NULL,
    check_id TEXT NOT NULL,
    level    TEXT NOT NULL,   -- warn or error
    status   TEXT NOT NULL,   -- pass or fail
    count    BIGINT NOT NULL, -- rows found by the check (0 when it passes)
    message  TEXT NOT NULL
);
