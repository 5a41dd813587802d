-- classified_complaints: complaints of one week whose category the keyword
-- rules chose, so that a person can judge the rules. The text is the
-- redacted text stored on ingest. Read by kpi.ClassifiedComplaints.
-- parameters: $region TEXT, $monday TIMESTAMP, $next_monday TIMESTAMP, $limit BIGINT.
SELECT received_at, category, coalesce(text, '') AS text
FROM complaints
WHERE region_code = $region AND classified_by = 'rules' AND received_at >= $monday::TIMESTAMP AND received_at < $next_monday::TIMESTAMP
ORDER BY received_at, complaint_id
LIMIT $limit
