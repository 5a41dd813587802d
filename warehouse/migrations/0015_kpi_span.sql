-- 0015_kpi_span: the weeks kpi_weekly covers, kept by kpi.Refresh in the
-- same transaction as the table, so that a read of a few stored KPIs need
-- not scan every row to learn them (min(week) over 11 million rows with
-- deleted ones among them costs 60 ms at 64 regions, and a report reads
-- the stored KPIs three or four times). One row, or none while the table
-- is empty.
CREATE TABLE kpi_span (
    first_week TEXT NOT NULL,  -- ISO week, 2023-W01
    last_week  TEXT NOT NULL
);
INSERT INTO kpi_span SELECT min(week), max(week) FROM kpi_weekly HAVING count(*) > 0;
