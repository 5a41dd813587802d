-- 0009_kpi_weekly_table: kpi_weekly becomes a table that metrics.Refresh
-- keeps current after every load, so that reports and pantau kpi read
-- stored KPIs instead of recomputing the whole history. Rows of the scopes
-- office, kecamatan and region carry their region_code; province and
-- national rows carry NULL. kpi_dirty is where a load notes, in its own
-- transaction, from which date each region's KPIs must be recomputed
-- (region_code '*' asks for everything, after a change of settings).
DROP VIEW IF EXISTS kpi_weekly;

CREATE TABLE kpi_weekly (
    week        TEXT NOT NULL,   -- ISO week, 2023-W01
    scope       TEXT NOT NULL,   -- office, kecamatan, region, province, national
    scope_id    TEXT NOT NULL,
    kpi         TEXT NOT NULL,   -- dotted value name, backlog_age.p90
    value       DOUBLE,          -- NULL: nothing to measure
    region_code TEXT             -- NULL for province and national rows
);

CREATE TABLE kpi_dirty (
    region_code TEXT NOT NULL,
    from_date   DATE NOT NULL
);
