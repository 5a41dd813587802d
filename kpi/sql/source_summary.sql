-- source_summary: per fact table, how many rows the warehouse holds and the
-- first and last date they cover. Read by kpi.Sources (pantau demo).
-- parameters: none.
SELECT 'service_events' AS source, count(*) AS rows, min(event_time)::DATE AS first, max(event_time)::DATE AS last FROM service_events
UNION ALL SELECT 'blanko_deliveries', count(*), min(coalesce(received_at, requested_at)), max(coalesce(received_at, requested_at)) FROM blanko_deliveries
UNION ALL SELECT 'blanko_stock_counts', count(*), min(counted_at), max(counted_at) FROM blanko_stock_counts
UNION ALL SELECT 'complaints', count(*), min(received_at)::DATE, max(received_at)::DATE FROM complaints
