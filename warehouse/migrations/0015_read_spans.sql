-- 0015_read_spans: what readers ask before anything else — which regions
-- have facts, the span of their dates, the weeks kpi_weekly covers — kept
-- where it is cheap to read, so that a read need not scan every row (or,
-- over many lakes, open every file) to learn it.
--
-- kpi_span: the weeks kpi_weekly covers, kept by kpi.Refresh in the same
-- transaction as the table (min(week) over 11 million rows with deleted
-- ones among them costs 60 ms at 64 regions, and a report reads the
-- stored KPIs three or four times). One row, or none while the table is
-- empty.
--
-- region_facts: per region with any fact row, the first and last service
-- event and complaint (NULL without one). In a warehouse a view over the
-- facts; a reader of lakes makes it a table from the lakes' manifests,
-- which carry it (lake.Manifest.Facts).
CREATE TABLE kpi_span (
    first_week TEXT NOT NULL,  -- ISO week, 2023-W01
    last_week  TEXT NOT NULL
);
INSERT INTO kpi_span SELECT min(week), max(week) FROM kpi_weekly HAVING count(*) > 0;

CREATE VIEW region_facts AS
SELECT region_code,
       min(first_event) AS first_event, max(last_event) AS last_event,
       min(first_complaint) AS first_complaint, max(last_complaint) AS last_complaint
FROM (
    SELECT region_code, min(event_time) AS first_event, max(event_time) AS last_event,
           NULL::TIMESTAMP AS first_complaint, NULL::TIMESTAMP AS last_complaint
    FROM service_events GROUP BY region_code
    UNION ALL
    SELECT region_code, NULL, NULL, min(received_at), max(received_at) FROM complaints GROUP BY region_code
    UNION ALL
    SELECT DISTINCT region_code, NULL, NULL, NULL, NULL FROM blanko_deliveries
    UNION ALL
    SELECT DISTINCT region_code, NULL, NULL, NULL, NULL FROM blanko_stock_counts
) f
GROUP BY region_code;
