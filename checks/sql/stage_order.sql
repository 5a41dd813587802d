-- id: stage_order
-- level: warn
-- title.id: Urutan tahap permohonan
-- title.en: Order of application stages
-- about.id: Permohonan KTP-el dengan tahap yang terjadi sebelum tahap yang seharusnya mendahuluinya (dicetak sebelum direkam, ...).
-- about.en: KTP-el applications with a stage before the one it follows (printed before recorded, ...).
-- msg.pass.id: tahap setiap permohonan berurutan
-- msg.pass.en: every application's stages are in order
-- msg.fail.id: {count} permohonan dengan tahap tidak berurutan: cetak sebelum rekam {printed_first}, PRR sebelum rekam {ready_first}, cetak sebelum PRR {printed_before_ready}, serah sebelum cetak {issued_first}, rekam sebelum pengajuan {recorded_first}
-- msg.fail.en: {count} applications with stages out of order: printed before recorded {printed_first}, print_ready before recorded {ready_first}, printed before print_ready {printed_before_ready}, issued before printed {issued_first}, recorded before submitted {recorded_first}
SELECT '' AS subject, NULL AS level, count(*) > 0 AS failed, count(*) AS count,
       CASE WHEN count(*) > 0 THEN 'fail' ELSE 'pass' END AS msg,
       count(*) FILTER (WHERE printed_at < recorded_at) AS printed_first,
       count(*) FILTER (WHERE print_ready_at < recorded_at) AS ready_first,
       count(*) FILTER (WHERE printed_at < print_ready_at) AS printed_before_ready,
       count(*) FILTER (WHERE issued_at < printed_at) AS issued_first,
       count(*) FILTER (WHERE recorded_at < submitted_at) AS recorded_first
FROM kpi_applications
WHERE printed_at < recorded_at OR print_ready_at < recorded_at OR printed_at < print_ready_at
   OR issued_at < printed_at OR recorded_at < submitted_at
