// Package metrics defines pantau's KPIs and computes them from the warehouse.
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
// Compute binds the settings and weeks as parameters; the views read them
// from the warehouse's settings tables. A KPI may use another KPI's result
// as result_<id>.
//
// Working days are Monday to Friday minus national holidays and, unless
// configured otherwise, cuti bersama (joint leave); workdays(a, b) counts the
// working days d with date(a) < d <= date(b).
//
// Check runs the data-quality checks of `pantau check`. BlankoDemand and
// Plan measure weekly blanko demand from the warehouse and hand it to the
// pure-Go forecaster (metrics/forecast) for the stock plan.
//
// metrics imports only the warehouse, config and metrics/forecast packages
// (and the standard library, the DuckDB driver and YAML); it never imports
// etl, reports or the CLI.
package metrics
