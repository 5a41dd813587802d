package metrics

// checkResultsTable is where pantau check stores its results for the
// quality report: one row per check per run.
const checkResultsTable = `CREATE TABLE IF NOT EXISTS check_results (
	run_at   TIMESTAMPTZ NOT NULL,
	check_id TEXT NOT NULL,
	level    TEXT NOT NULL,   -- warn or error
	status   TEXT NOT NULL,   -- pass or fail
	count    BIGINT NOT NULL, -- rows found by the check (0 when it passes)
	message  TEXT NOT NULL
)`
