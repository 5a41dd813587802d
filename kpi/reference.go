package kpi

import (
	"context"
	"database/sql"
	"time"
)

// Office is one office of a region as the reports name it.
type Office struct {
	Code, Type, Name string
	// ShortName is the name where space is short ("Dinas", "Kec. Babelan",
	// "MPP Lotte", "Mobil 1"); empty when the warehouse has none.
	ShortName string
	// KecamatanCode and KecamatanName are empty for offices without a
	// kecamatan (the Dinas, MPP, mobile units, online).
	KecamatanCode, KecamatanName string
}

// RegionName returns the name of a region, or its code when the warehouse
// does not know it.
func RegionName(ctx context.Context, db *sql.DB, regionCode string) (string, error) {
	var name string
	err := queryFileValue(ctx, db, "region_name", &name, regionCode)
	return name, err
}

// Offices returns the offices of a region ordered by code.
func Offices(ctx context.Context, db *sql.DB, regionCode string) ([]Office, error) {
	return queryFileList(ctx, db, "offices", scanOffice, regionCode)
}

// ActiveOffices returns the offices of a region that had service events in
// the ISO week (like 2023-W25), ordered by code: the offices whose own
// weekly report pantau run writes.
func ActiveOffices(ctx context.Context, db *sql.DB, regionCode, week string) ([]Office, error) {
	monday, err := ParseWeek(week)
	if err != nil {
		return nil, err
	}
	return queryFileList(ctx, db, "active_offices", scanOffice, regionCode, monday, monday.AddDate(0, 0, 7))
}

func scanOffice(r *sql.Rows) (Office, error) {
	var o Office
	err := r.Scan(&o.Code, &o.Type, &o.Name, &o.KecamatanCode, &o.KecamatanName, &o.ShortName)
	return o, err
}

// DataAsOf returns the time of the region's last service event before
// before; ok is false when there is none.
func DataAsOf(ctx context.Context, db *sql.DB, regionCode string, before time.Time) (t time.Time, ok bool, err error) {
	var v sql.NullTime
	if err := queryFileValue(ctx, db, "data_as_of", &v, regionCode, before); err != nil {
		return time.Time{}, false, err
	}
	return v.Time, v.Valid, nil
}

// Source is what the warehouse holds of one input source.
type Source struct {
	Name        string
	Rows        int64
	First, Last sql.NullTime // the dates the rows cover
}

// Sources returns, per fact table, its row count and the dates it covers.
func Sources(ctx context.Context, db *sql.DB) ([]Source, error) {
	return queryFileList(ctx, db, "source_summary", func(r *sql.Rows) (Source, error) {
		var s Source
		err := r.Scan(&s.Name, &s.Rows, &s.First, &s.Last)
		return s, err
	})
}
