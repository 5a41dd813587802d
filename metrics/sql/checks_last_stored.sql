-- checks_last_stored: when pantau check last stored its results (NULL if
-- never). Read by metrics.LastCheckRun. parameters: none.
SELECT max(run_at) FROM check_results
