// Package warehouse owns the DuckDB file: opening it read-write (one writer)
// or read-only (waiting with backoff while a load holds the lock), the
// embedded numbered migrations, the reference data of the default region and
// the analysts' views; OpenMemory is the schema in memory, sandboxed, that
// package lake fills with views over lakes.
//
// It imports only the standard library, the DuckDB driver, the reference
// package and privacy (the one redaction, which migration 0012 applies to
// text stored before it); etl, kpi and reports build on it, never the
// other way round.
package warehouse
