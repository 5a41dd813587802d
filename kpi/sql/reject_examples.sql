-- reject_examples: the first few rejected rows of each reason, with their
-- place (file, line, column). Read by kpi.LoadHistory.
-- parameters: $per_reason BIGINT, $limit BIGINT.
SELECT file, coalesce(line, 0) AS line, coalesce("column", '') AS "column", coalesce(value, '') AS value, reason
FROM (SELECT *, row_number() OVER (PARTITION BY reason ORDER BY load_id, line) AS nth FROM rejects)
WHERE nth <= $per_reason
ORDER BY reason, load_id, line
LIMIT $limit
