// Package checks runs pantau's data-quality checks: one SQL file per check
// under sql/, run over the KPIs' kpi_* relations of the latest complete week.
//
// Check runs them all (read-only) for `pantau check`, `pantau run` and the
// quality report; SaveCheckResults stores a run in check_results (a table of
// the warehouse's migrations); CheckDefinitions lists them for
// `pantau check list` and docs/glossary.md. checks imports kpi (the
// settings, the latest week, the query composer); kpi never imports it.
//
// How to add a data-quality check:
//
//  1. Write sql/<id>.sql: a header of "-- key: value" lines (id, level
//     warn or error, title.id, title.en, about.id, about.en, and msg.<key>.id
//     / msg.<key>.en for each message), then a query over the kpi_*
//     relations of the latest week returning subject, level (NULL: the
//     header's), failed, count, msg (a message key) and any column the
//     messages name as {column}.
//  2. Add its outcome on the fixture to check_test.go (passing and, in
//     TestChecksFindProblems, failing); regenerate docs/glossary.md with
//     go test ./reports -run Glossary -update.
//  3. pantau check, pantau check list and the quality report pick it up.
package checks
