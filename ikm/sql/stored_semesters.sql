-- The count and the latest load of every region's survey responses per
-- semester, from $starts to before $ends (the signature stored_read.sql
-- compares).
SELECT region_code,
       year(submitted_at)::VARCHAR || CASE WHEN month(submitted_at) <= 6 THEN '-S1' ELSE '-S2' END AS semester,
       count(*) AS n,
       max(load_id) AS last_load
FROM survey_responses
WHERE submitted_at >= $starts::TIMESTAMP AND submitted_at < $ends::TIMESTAMP
GROUP BY ALL
