// Package lake writes a warehouse out as a lake: each fact table and
// kpi_weekly as Hive-partitioned Parquet (zstd), one file per region (or KPI
// scope), year and month, plus the reference tables, so that a province or
// the ministry reads many regencies' data in place (warehouse.OpenLake) and
// Trino or Spark read the same files unchanged. The layout is
// warehouse.LakeTables'.
//
// An export rewrites only the partitions whose rows changed since the last
// one (row count and a checksum computed in DuckDB, kept in the manifest)
// and replaces them atomically: every new file is written into a staging
// folder first, then a commit record lists the renames, then the files are
// renamed over the old ones and the manifest is replaced. An export killed
// before its commit record leaves the lake as it was; one killed after it
// is completed by the next export.
//
// It imports only the standard library and warehouse; NIKs leave the
// warehouse as they are stored, hashed with the regency's key.
package lake
