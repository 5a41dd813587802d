-- classified_complaints: complaints of one week whose category the keyword
-- rules chose, so that a person can judge the rules. The text is the
-- redacted text stored on ingest. Read by kpi.ClassifiedComplaints.
-- parameters: 1 region_code TEXT, 2 week start TIMESTAMP, 3 next week's start TIMESTAMP, 4 limit BIGINT.
SELECT received_at, category, coalesce(text, '') AS text
FROM complaints
WHERE region_code = ? AND classified_by = 'rules' AND received_at >= ?::TIMESTAMP AND received_at < ?::TIMESTAMP
ORDER BY received_at, complaint_id
LIMIT ?
