-- id: freshness
-- level: error
-- title.id: Kesegaran data tiap sumber
-- title.en: Freshness of each source
-- about.id: Seberapa jauh baris terakhir tiap sumber tertinggal dari akhir pekan lengkap terakhir: peringatan lewat warn_days, galat lewat error_days (0: tidak pernah galat).
-- about.en: How far each source's last row lies behind the end of the latest complete week: a warning beyond warn_days, an error beyond error_days (0: never an error).
-- msg.ok.id: {subject_id} terakhir {last}, {count} hari sebelum akhir {week_id}
-- msg.ok.en: last {subject} {last}, {count} days before the end of {week}
-- msg.empty.id: {subject_id} belum berisi baris
-- msg.empty.en: {subject} has no rows
-- One result per source (id freshness.<source>); count is the days behind.
WITH limits(subject, last, warn_days, error_days) AS (
    SELECT 'service_events', (SELECT max(event_time)::DATE FROM service_events), 7, 14
    UNION ALL SELECT 'complaints', (SELECT max(received_at)::DATE FROM complaints), 7, 28
    UNION ALL SELECT 'blanko_deliveries', (SELECT max(received_at) FROM blanko_deliveries), 56, 0
    UNION ALL SELECT 'blanko_stock_counts', (SELECT max(counted_at) FROM blanko_stock_counts), 35, 0
), behind AS (
    SELECT l.*, w.week, w.week_start, greatest(0, date_diff('day', l.last, w.week_end))::BIGINT AS days
    FROM limits l CROSS JOIN kpi_weeks w
)
SELECT subject,
       -- an error-level source that is only past its warning limit fails as a warning
       CASE WHEN error_days > 0 AND NOT coalesce(days > warn_days AND days <= error_days, false)
            THEN 'error' ELSE 'warn' END AS level,
       last IS NULL OR days > warn_days AS failed,
       coalesce(days, 0) AS count,
       CASE WHEN last IS NULL THEN 'empty' ELSE 'ok' END AS msg,
       strftime(last, '%Y-%m-%d') AS last,
       week,
       -- the source and the week in words, for the Indonesian message
       CASE subject WHEN 'service_events' THEN 'Kejadian layanan' WHEN 'complaints' THEN 'Pengaduan'
                    WHEN 'blanko_deliveries' THEN 'Pengiriman blanko' ELSE 'Stok opname' END AS subject_id,
       'pekan ' || weekofyear(week_start) || '/' || isoyear(week_start) AS week_id
FROM behind
ORDER BY CASE subject WHEN 'service_events' THEN 1 WHEN 'complaints' THEN 2 WHEN 'blanko_deliveries' THEN 3 ELSE 4 END
