// Package kpiname names every KPI, KPI value and measure of the catalogue
// (kpi/kpis.yaml, kpi/measures.yaml) as a constant, so that code
// asking for a figure by name does not compile when the name is misspelt.
// names.go is generated; after changing the catalogue run
// `go generate ./kpi/kpiname` (a test fails while it is stale).
package kpiname

//go:generate go run ../internal/genkpiname -o names.go
