-- refresh_pending: the notes in kpi_dirty that no refresh has recomputed,
-- 0 when none count: in a lake (no stored applications, its KPIs are the
-- export's) or a warehouse without facts (a new one holds the note of
-- migration 0010, with nothing to recompute). Read by
-- kpi.RefreshPending; checks/kpi_refresh.sql asks the same.
SELECT CASE WHEN EXISTS (SELECT 1 FROM duckdb_tables() WHERE table_name = 'ktp_el_applications' AND NOT temporary)
             AND (EXISTS (SELECT 1 FROM service_events) OR EXISTS (SELECT 1 FROM complaints)
                  OR EXISTS (SELECT 1 FROM blanko_deliveries) OR EXISTS (SELECT 1 FROM blanko_stock_counts))
            THEN (SELECT count(*) FROM kpi_dirty) ELSE 0 END AS notes
