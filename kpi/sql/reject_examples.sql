-- reject_examples: the first few rejected rows of each reason, with their
-- place (file, line, column). Read by kpi.LoadHistory.
-- parameters: 1 per_reason BIGINT, 2 limit BIGINT.
SELECT file, coalesce(line, 0), coalesce("column", ''), coalesce(value, ''), reason
FROM (SELECT *, row_number() OVER (PARTITION BY reason ORDER BY load_id, line) AS nth FROM rejects)
WHERE nth <= $1
ORDER BY reason, load_id, line
LIMIT $2
