package warehouse

// The lake's layout is defined here, beside the schema it mirrors, because
// both its writer (package lake) and its reader (OpenLake) follow it.
//
//	DIR/_pantau/manifest.json                 what the last export wrote
//	DIR/_reference/<table>.parquet            regions, kecamatan, offices, ...
//	DIR/<table>/region_code=R/year=YYYY/month=MM/data.parquet
//	DIR/kpi_weekly_scopes/scope=S/year=YYYY/month=MM/data.parquet
//
// Partition columns are in the path only (the Hive convention Trino and
// Spark follow). Rows without a date are in year=0000/month=00.

// LakeManifest is the path of an export's manifest inside its lake folder;
// a folder holding one is an export's root.
const LakeManifest = "_pantau/manifest.json"

// LakeReferenceDir is the folder of the reference tables inside a lake.
const LakeReferenceDir = "_reference"

// LakeTable is one partitioned table of a lake.
type LakeTable struct {
	// Name is the table's folder.
	Name string
	// Source is the warehouse table its rows come from; Where selects them.
	Source, Where string
	// Key is the first partition column (region_code, or scope for the
	// province and national KPI rows); it is not stored in the files.
	Key string
	// Date is the SQL expression of the date that picks the row's year and
	// month partition (NULL: year=0000/month=00).
	Date string
}

// weekMonday is the Monday of an ISO week text 2023-W01.
const weekMonday = `(make_date(CAST(left(week, 4) AS INTEGER), 1, 4)
	- CAST(isodow(make_date(CAST(left(week, 4) AS INTEGER), 1, 4)) - 1 AS INTEGER)
	+ (CAST(right(week, 2) AS INTEGER) - 1) * 7)`

// LakeTables lists the partitioned tables of a lake in export order.
// kpi_weekly's rows of the scopes office, kecamatan and region go to
// kpi_weekly; its province and national rows (region_code NULL) go to
// kpi_weekly_scopes, partitioned by scope, so that no partition value
// stands for NULL.
func LakeTables() []LakeTable {
	return []LakeTable{
		{Name: "service_events", Source: "service_events", Key: "region_code", Date: "event_time"},
		{Name: "blanko_deliveries", Source: "blanko_deliveries", Key: "region_code", Date: "coalesce(received_at, requested_at)"},
		{Name: "blanko_stock_counts", Source: "blanko_stock_counts", Key: "region_code", Date: "counted_at"},
		{Name: "complaints", Source: "complaints", Key: "region_code", Date: "received_at"},
		{Name: "survey_responses", Source: "survey_responses", Key: "region_code", Date: "submitted_at"},
		{Name: "kpi_weekly", Source: "kpi_weekly", Where: "region_code IS NOT NULL", Key: "region_code", Date: weekMonday},
		{Name: "kpi_weekly_scopes", Source: "kpi_weekly", Where: "region_code IS NULL", Key: "scope", Date: weekMonday},
	}
}

// LakeReferenceTables are the reference tables a lake carries so that it is
// self-contained; a table the warehouse lacks (an older schema) is skipped.
func LakeReferenceTables() []string {
	return []string{"regions", "provinces", "kecamatan", "kecamatan_aliases", "offices", "holidays"}
}
