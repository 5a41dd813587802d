-- id: undated_deliveries
-- level: warn
-- title.id: Pengiriman blanko tanpa tanggal
-- title.en: Blanko deliveries without dates
-- about.id: Baris pengiriman blanko (bukan mutasi) tanpa tanggal permintaan dan tanpa tanggal terima: bukan pesanan yang dapat dihitung rencana stok, jadi tidak tampil sebagai "dalam pesanan".
-- about.en: Blanko delivery rows (not transfers) with neither a request date nor a receipt date: not an order the stock plan can count, so not shown as on order.
-- msg.pass.id: setiap pengiriman blanko bertanggal
-- msg.pass.en: every blanko delivery has a date
-- msg.fail.id: {count} pengiriman blanko tanpa tanggal permintaan maupun tanggal terima (tidak dihitung sebagai pesanan): {detail}
-- msg.fail.en: {count} blanko deliveries with neither a request nor a receipt date (not counted as on order): {detail}
SELECT '' AS subject, NULL AS level, count(*) > 0 AS failed, count(*) AS count,
       CASE WHEN count(*) > 0 THEN 'fail' ELSE 'pass' END AS msg,
       string_agg(delivery_id, ', ' ORDER BY delivery_id) AS detail
FROM blanko_deliveries
WHERE requested_at IS NULL AND received_at IS NULL AND source <> 'transfer'
