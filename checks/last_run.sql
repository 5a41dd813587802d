-- last_run: when pantau check last stored its results (NULL if
-- never). Read by checks.LastCheckRun. parameters: none.
SELECT max(run_at) FROM check_results
