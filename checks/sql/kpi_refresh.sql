-- id: kpi_refresh
-- level: error
-- title.id: KPI tersimpan mutakhir
-- title.en: Stored KPIs up to date
-- about.id: Catatan di kpi_dirty yang belum dihitung ulang: pemuatan yang penyegaran KPI-nya terhenti (proses dimatikan, galat), sehingga kpi_weekly tertinggal dari fakta sampai pantau kpi --refresh all atau pemuatan berikutnya menyelesaikannya.
-- about.en: Notes in kpi_dirty not yet recomputed: a load whose KPI refresh stopped (the process killed, an error), so that kpi_weekly lags the facts until pantau kpi --refresh all or the next load finishes it.
-- msg.pass.id: KPI tersimpan mengikuti semua pemuatan
-- msg.pass.en: the stored KPIs include every load
-- msg.fail.id: penyegaran KPI belum selesai ({count} catatan belum diproses): jalankan penyegaran penuh KPI (panduan operasi, bagian pesan galat)
-- msg.fail.en: a KPI refresh did not finish ({count} notes in kpi_dirty): run pantau kpi --refresh all
-- The notes count as in kpi/sql/refresh_pending.sql (kpi.RefreshPending):
-- not in a lake (no stored applications; its KPIs are the export's), nor in
-- a warehouse without facts (a new one holds migration 0010's note).
WITH n AS (
    SELECT CASE WHEN EXISTS (SELECT 1 FROM duckdb_tables() WHERE table_name = 'ktp_el_applications' AND NOT temporary)
                 AND (EXISTS (SELECT 1 FROM service_events) OR EXISTS (SELECT 1 FROM complaints)
                      OR EXISTS (SELECT 1 FROM blanko_deliveries) OR EXISTS (SELECT 1 FROM blanko_stock_counts))
                THEN (SELECT count(*) FROM kpi_dirty) ELSE 0 END AS notes
)
SELECT '' AS subject, NULL AS level, notes > 0 AS failed, notes AS count,
       CASE WHEN notes > 0 THEN 'fail' ELSE 'pass' END AS msg
FROM n
