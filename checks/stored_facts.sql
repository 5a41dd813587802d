-- stored_facts: what stored check results were judged on, besides the
-- latest week: the latest load (any load, even one that failed, takes a
-- new id) and the offices known. Read by checks.Keep and checks.StoredCheck.
SELECT (SELECT coalesce(max(load_id), 0) FROM load_runs)::VARCHAR || ':' || (SELECT count(*) FROM offices)::VARCHAR AS facts
