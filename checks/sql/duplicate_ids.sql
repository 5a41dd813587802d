-- id: duplicate_ids
-- level: error
-- title.id: Id ganda
-- title.en: Duplicate ids
-- about.id: Id yang dipegang lebih dari satu baris (antar-muat).
-- about.en: An id held by more than one row (across loads).
-- msg.pass.id: setiap id dipegang satu baris
-- msg.pass.en: every id is held by one row
-- msg.fail.id: {count} id dipegang lebih dari satu baris: id kejadian layanan {events}, id pengaduan {complaints}, id pengiriman blanko {deliveries}
-- msg.fail.en: {count} ids held by more than one row: event_id {events}, complaint_id {complaints}, delivery_id {deliveries}
WITH d AS (
    SELECT (SELECT count(*) FROM (SELECT event_id FROM service_events GROUP BY event_id HAVING count(*) > 1)) AS events,
           (SELECT count(*) FROM (SELECT complaint_id FROM complaints GROUP BY complaint_id HAVING count(*) > 1)) AS complaints,
           (SELECT count(*) FROM (SELECT delivery_id FROM blanko_deliveries GROUP BY delivery_id HAVING count(*) > 1)) AS deliveries
)
SELECT '' AS subject, NULL AS level, events + complaints + deliveries > 0 AS failed,
       events + complaints + deliveries AS count,
       CASE WHEN events + complaints + deliveries > 0 THEN 'fail' ELSE 'pass' END AS msg,
       events, complaints, deliveries
FROM d
