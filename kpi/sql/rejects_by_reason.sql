-- rejects_by_reason: rejected rows counted by reason, most first.
-- Read by kpi.LoadHistory. parameters: $limit BIGINT.
SELECT reason AS key, count(*) AS n FROM rejects GROUP BY ALL ORDER BY n DESC, reason LIMIT $limit
