-- rejects_by_file: rejected rows counted by file, most first.
-- Read by kpi.LoadHistory. parameters: $limit BIGINT.
SELECT file AS key, count(*) AS n FROM rejects GROUP BY ALL ORDER BY n DESC, file LIMIT $limit
