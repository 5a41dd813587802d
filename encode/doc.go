// Package encode writes what the commands print or save: KPI values as CSV
// or JSON (KPICSV, KPIJSON, FormatValue) and any query result as an aligned
// table, CSV, JSON, Arrow IPC, Parquet (Rows) or an Excel worksheet (XLSX).
//
// How to add an output format: add its case to Rows (or a function beside
// XLSX when it needs more than the rows), name it in the --format help of
// the commands that offer it (cmd/pantau/sql.go), and add a case to
// cmd/pantau/testdata/script/sql_formats.txtar.
package encode
