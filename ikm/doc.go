// Package ikm computes the citizen satisfaction index (Indeks Kepuasan
// Masyarakat, IKM) of PermenPANRB 14/2017 from the survey responses.
//
// The index is defined once: ikm.yaml (regulations with their grade
// tables, the nine elements, alert thresholds, the figures of kpi_period)
// and the SQL files sql/*.sql. ComputeIKM, the views kpi_period,
// ikm_results and ikm_elements (Install, run by kpi.Install in the same
// transaction), the CLI and the reports all run them. The queries are
// composed over the same kpi_* relations as the KPIs (kpi.Compose), so
// an index period is counted with the KPIs' calendar and scopes.
//
// The latest complete semesters are stored after each load (stored.go,
// table survey_stored: RefreshStored after the KPI refresh); the reports
// call the Stored twins of Compute, Alerts, ContextValues, Profile and
// Suggestions, which read them and compute anything not stored.
//
// ikm imports kpi (settings, periods, the query composer) and the
// warehouse's quoting; kpi never imports ikm.
//
// How to add a figure to the index:
//
//  1. Write sql/<name>.sql over the ikm_* and kpi_* relations (each ikm_*
//     relation is the file of its name; composeIKM adds the ones a query
//     reads, after what they read).
//  2. Give it a function in compute.go that composes it with ikmQuery and
//     scans its rows; name any new setting in ikm.yaml, not in the SQL.
//  3. Work its value out by hand on testdata/ikm (see its README) and add
//     it to ikm_test.go; the reports show it by calling the function (for
//     a figure of a semester's report, store it as one more part in
//     storePeriod and read it with storedOr).
package ikm
