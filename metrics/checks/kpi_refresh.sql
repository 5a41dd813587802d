-- id: kpi_refresh
-- level: error
-- title.id: KPI tersimpan mutakhir
-- title.en: Stored KPIs up to date
-- about.id: Catatan di kpi_dirty yang belum dihitung ulang: pemuatan yang penyegaran KPI-nya terhenti (proses dimatikan, galat), sehingga kpi_weekly tertinggal dari fakta sampai pantau kpi --refresh all atau pemuatan berikutnya menyelesaikannya.
-- about.en: Notes in kpi_dirty not yet recomputed: a load whose KPI refresh stopped (the process killed, an error), so that kpi_weekly lags the facts until pantau kpi --refresh all or the next load finishes it.
-- msg.pass.id: KPI tersimpan mengikuti semua pemuatan
-- msg.pass.en: the stored KPIs include every load
-- msg.fail.id: penyegaran KPI belum selesai ({count} catatan di kpi_dirty): jalankan pantau kpi --refresh all
-- msg.fail.en: a KPI refresh did not finish ({count} notes in kpi_dirty): run pantau kpi --refresh all
-- A lake holds no stored applications (ktp_el_applications) and its KPIs
-- are the export's: nothing to refresh there.
WITH n AS (
    SELECT CASE WHEN EXISTS (SELECT 1 FROM duckdb_tables() WHERE table_name = 'ktp_el_applications' AND NOT temporary)
                THEN (SELECT count(*) FROM kpi_dirty) ELSE 0 END AS notes
)
SELECT '' AS subject, NULL AS level, notes > 0 AS failed, notes AS count,
       CASE WHEN notes > 0 THEN 'fail' ELSE 'pass' END AS msg
FROM n
