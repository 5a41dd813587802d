// Package etl loads input files (CSV, NDJSON, Parquet, XLSX, Arrow IPC) into
// the warehouse: it detects a file's format and kind, maps its columns and
// values to the data contract, validates every row in SQL, quarantines bad
// rows in the rejects table with their position, and merges good rows by id
// inside one transaction per file.
//
// DuckDB reads CSV, NDJSON and Parquet itself; Go reads XLSX and Arrow IPC and
// parses what SQL cannot (Indonesian dates, Excel serials, NIK hashing).
// etl imports warehouse and config, never metrics or reports.
package etl
