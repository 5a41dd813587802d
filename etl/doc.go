// Package etl loads input files (CSV, NDJSON, Parquet, XLSX, Arrow IPC) into
// the warehouse: it detects a file's format and kind, maps its columns and
// values to the data contract, validates every row in SQL, quarantines bad
// rows in the rejects table with their position, and merges good rows by id
// inside one transaction per file.
//
// DuckDB reads CSV, NDJSON and Parquet itself; Go reads XLSX and Arrow IPC and
// parses what SQL cannot (Indonesian dates, Excel serials, NIK hashing). Go
// also reads a small CSV file into a stage table the loader keeps, so that
// its insert is planned once per layout (reuse.go).
// etl imports warehouse and config, never kpi or reports.
//
// One file loads in one transaction, as the steps listed in loadInTx
// (load.go), each in the file of its concept: detect (format.go), stage
// (stage.go, csv.go, columnar.go), map (columns.go), validate (validate.go),
// insert (insert.go), skip if loaded before (runs.go), rejects (rejects.go),
// compare keys (merge.go), id conflicts (conflict.go), reject policy
// (policy.go), merge (merge.go) and record (runs.go). A row problem is a
// Reject, an error printed as file:line:column: reason; a problem that
// stops a file is a *FileError or a *RejectLimitError, and wraps one of the
// sentinels of errors.go.
//
// How to add an input format:
//  1. Add a Format constant and one entry to formats() in format.go: its
//     magic bytes (if any), file extensions, whether it is text, and its
//     stage function.
//  2. Write the stage function: it fills a relation whose columns are _line
//     and c0, c1, ... as VARCHAR, one per header cell (appendStage does
//     this from Go rows), and returns the staged description.
//  3. Teach synth to write the format (synth.Config.Format): the
//     conformance test (conformance_test.go) iterates Formats() and fails
//     until the new format loads the same rows as CSV.
//
// How to add an input kind:
//  1. Add a Kind constant and a spec function in kinds.go (table, key,
//     marker columns, columns with types and aliases, multi-column checks
//     and the SQL of the warehouse row), and list it in kinds() in load
//     order. A column of text is typeText (NIKs and phone numbers masked),
//     typeID (an id or reference: they become keyed pseudonyms) or typeCode
//     (a row holding one is rejected); the row reads its v_ column. List it
//     in warehouse/redact.go's storedTexts too.
//  2. Create its fact table in a new numbered migration in
//     warehouse/migrations, with load_id last and the columns in the order
//     of the spec's row.
//  3. If a re-sent id can name another row, give the spec a conflictRule
//     (conflict.go) and a case in TestIDConflicts. If any weekly KPI reads
//     the table, set the spec's touches (the earliest date a row counts
//     for) so that a load marks its regions' stored KPIs for refresh
//     (dirty.go); leave it empty otherwise (survey responses).
//  4. Add the kind to synth, then to the conformance fingerprint
//     (conformance_test.go) and the docs (docs/analysts.md).
package etl
