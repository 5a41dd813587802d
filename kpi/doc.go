// Package kpi defines pantau's KPIs and computes them from the warehouse.
//
// Each KPI is defined once: an SQL file kpis/<id>.sql (with a header
// comment naming its id, grain and parameters) and one entry in kpis.yaml
// (titles in Bahasa Indonesia and English, unit, direction, optional target
// and limit). Compute, the kpi_weekly view installed by Install, the CLI
// (`pantau kpi`) and the reports all run those same files.
//
// A KPI's SQL computes every week and every scope (the region, each office,
// each kecamatan) in one set-based query. It reads relations the runner
// puts in front of it as common table expressions, named kpi_*: the
// settings (kpi_settings, kpi_sla), the weeks asked for (kpi_weeks), the
// working-day calendar (kpi_days), the scope map and grid, and the shared
// facts (kpi_applications, kpi_complaints, kpi_blanko_ledger, kpi_backlog).
// Compute binds the settings and weeks as named parameters (QueryBase:
// $region_code, $first_monday, $scope_1, …; a final select adds its own
// $names, as pungli_list.sql's $office); the views read them from the
// warehouse's settings tables. A KPI may use another KPI's result
// as result_<id>, wherever kpis.yaml lists it: the catalogue (kpis.yaml,
// the KPI SQL files, measures.yaml) is read and checked once, and each KPI
// is computed after those whose results it reads (a result no KPI has, or a
// KPI reading its own result, is an error naming the file).
//
// Working days are Monday to Friday minus national holidays and, unless
// configured otherwise, cuti bersama (joint leave); workdays(a, b) counts the
// working days d with date(a) < d <= date(b).
//
// kpi is the base room of the metrics layer: the KPI catalogue
// (kpis.yaml, measures.yaml: every KPI value and stock plan measure has one
// label per language, Label, which the reports, the WhatsApp text and
// docs/glossary.md use), the query composer (Compose over QueryBase), the
// stored KPIs (Refresh, Read), the analysts' views (Install), the week,
// period and settings helpers, and the small reads the reports and
// commands make, each backed by one embedded .sql file under sql/ (offices
// and region names, the pungli list, the load history, ...). Reports and
// commands never query the warehouse themselves (a test in cmd/pantau keeps
// it so).
//
// The other rooms build on it and it imports none of them: ikm (the survey
// index: its queries are composed over these same relations and its views
// installed in Install's transaction, an Installer), checks (the
// data-quality checks), planning (blanko demand, the stock plan, the
// allocation of a supply and the national ranking; the forecaster itself is
// forecast, a leaf with no database) and encode (the output encoders).
//
// kpi imports only the warehouse, config and internal/readsql packages
// (and the standard library, the DuckDB driver and YAML); it never imports
// etl, reports or the CLI. It creates views only: the tables it fills
// (settings, sla_limits, workday_calendar) are the
// warehouse's migrations'.
//
// How to add a KPI:
//
//  1. Write kpis/<id>.sql: a header comment (id, grain, parameters, what it
//     measures), then one set-based query returning week, scope, scope_id,
//     kpi, value for every row of kpi_grid, reading only kpi_* relations
//     (and result_<id> of other KPIs). A figure with nothing to measure is
//     NULL, not 0. A KPI of applications counts each in the week of one of
//     its events, or while it waits for a card: when Refresh computes weeks
//     from W on, kpi_applications holds only the applications with an event
//     since W and those still waiting (ktp_el_applications.go); a KPI that
//     needs older, finished applications must say so there. The property
//     test in cmd/pantau/refresh_test.go fails if it does not.
//  2. Add its entry to kpis.yaml: id, titles in id and en (its one label),
//     unit, lower_is_better, optional target and limit, and its values with
//     a title for every value that is not the headline figure.
//  3. Work its values out by hand on testdata/kpi and add them to
//     testdata/kpi/expected.txt; run go test ./kpi -update for the
//     golden CSVs and go test ./reports -run Glossary -update for
//     docs/glossary.md; describe it in docs/kpi.md.
//  4. Run go generate ./kpi/kpiname; code names it by its constant.
//  5. It is now in pantau kpi, kpi_weekly and the analysts' views; a report
//     shows it by naming it (Lang.Label gives its title).
//
// reports/checklist_test.go follows these steps on a temporary KPI (over
// Files, with LoadCatalogue), so a step that stops working fails a test.
package kpi
