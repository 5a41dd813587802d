// Package lake writes a warehouse out as a lake: each fact table and
// kpi_weekly as Hive-partitioned Parquet (zstd), the service events and the
// stored applications one file per region, year and month, the small tables
// one file per region (or KPI scope), plus the reference tables, so that a
// province or
// the ministry reads many regencies' data in place (Open: an in-memory
// database whose fact tables are views over the lakes' files) and Trino or
// Spark read the same files unchanged. The layout is Tables' (layout.go).
//
// An export rewrites only the partitions whose rows changed since the last
// one (row count and a checksum computed in DuckDB, kept in the manifest
// with each file's size) or whose file differs from the manifest (its size;
// Options.Check and Verify read them back), computing only the partitions
// the loads since the manifest's Watermark may have changed, and replaces
// them atomically: every new file is written
// into a staging folder first, then a commit record lists the renames, then
// the files are renamed into place under new names (data_G.parquet, G the
// export's generation), the manifest is replaced, and the files it no
// longer lists are removed. A reader holding a manifest reads exactly its
// files. An export killed before its commit record leaves the lake as it
// was; one killed after it is completed by the next export. Every path of
// a manifest or commit record stays inside the lake's layout; a lake
// belongs to the warehouse that wrote it (Options.Rebuild takes one over).
//
// It imports only the standard library and warehouse; NIKs leave the
// warehouse as they are stored, hashed with the regency's key.
package lake
