-- id: unknown_offices
-- level: error
-- title.id: Kantor tidak dikenal
-- title.en: Unknown offices
-- about.id: Baris fakta yang kantornya tidak ada di data referensi kantor.
-- about.en: Fact rows whose office is not in the offices reference data.
-- msg.pass.id: kantor setiap baris dikenal
-- msg.pass.en: every row's office is known
-- msg.fail.id: {count} baris dari kantor yang tidak ada di data referensi: {detail}
-- msg.fail.en: {count} rows of offices not in the reference data: {detail}
WITH facts AS (
    SELECT office_code FROM service_events
    UNION ALL SELECT office_code FROM blanko_deliveries
    UNION ALL SELECT office_code FROM blanko_stock_counts
    UNION ALL SELECT office_code FROM complaints WHERE office_code IS NOT NULL
), unknown AS (
    SELECT office_code, count(*) AS n FROM facts
    WHERE office_code NOT IN (SELECT office_code FROM offices)
    GROUP BY ALL
)
SELECT '' AS subject, NULL AS level, coalesce(sum(n), 0) > 0 AS failed, coalesce(sum(n), 0)::BIGINT AS count,
       CASE WHEN coalesce(sum(n), 0) > 0 THEN 'fail' ELSE 'pass' END AS msg,
       string_agg(office_code, ', ' ORDER BY n DESC, office_code) AS detail
FROM unknown
