-- load_runs: the latest load runs, newest first, for the quality report.
-- took_ms is the run's wall-clock duration. Read by kpi.LoadHistory.
-- parameters: $limit BIGINT.
SELECT load_id, file, coalesce(kind, '') AS kind, status, coalesce(error, '') AS error,
       coalesce(rows_read, 0) AS rows_read, coalesce(rows_inserted, 0) AS rows_inserted, coalesce(rows_updated, 0) AS rows_updated,
       coalesce(rows_rejected, 0) AS rows_rejected, coalesce(rows_conflicted, 0) AS rows_conflicted, started_at,
       coalesce(epoch_ms(finished_at) - epoch_ms(started_at), 0) AS took_ms
FROM load_runs
ORDER BY load_id DESC
LIMIT $limit
