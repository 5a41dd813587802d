package kpi

import (
	"context"
	"database/sql"
	"time"

	"github.com/disdukcapil-bekasi/pantau/internal/readsql"
)

// Office is one office of a region as the reports name it.
type Office struct {
	Code string `sql:"code"`
	Type string `sql:"type"`
	Name string `sql:"name"`
	// ShortName is the name where space is short ("Dinas", "Kec. Babelan",
	// "MPP Lotte", "Mobil 1"); empty when the warehouse has none.
	ShortName string `sql:"short_name"`
	// KecamatanCode and KecamatanName are empty for offices without a
	// kecamatan (the Dinas, MPP, mobile units, online).
	KecamatanCode string `sql:"kecamatan_code"`
	KecamatanName string `sql:"kecamatan_name"`
}

// RegionName returns the name of a region, or its code when the warehouse
// does not know it.
func RegionName(ctx context.Context, db *sql.DB, regionCode string) (string, error) {
	rows, err := readsql.Read[struct {
		Name string `sql:"name"`
	}](ctx, db, files, "region_name", region{regionCode})
	if err != nil || len(rows) == 0 {
		return regionCode, err
	}
	return rows[0].Name, nil
}

// Offices returns the offices of a region ordered by code.
func Offices(ctx context.Context, db *sql.DB, regionCode string) ([]Office, error) {
	return readsql.Read[Office](ctx, db, files, "offices", region{regionCode})
}

// ActiveOffices returns the offices of a region that had service events in
// the ISO week (like 2023-W25), ordered by code: the offices whose own
// weekly report pantau run writes.
func ActiveOffices(ctx context.Context, db *sql.DB, regionCode, week string) ([]Office, error) {
	monday, err := ParseWeek(week)
	if err != nil {
		return nil, err
	}
	return readsql.Read[Office](ctx, db, files, "active_offices", regionWeek{regionCode, monday, monday.AddDate(0, 0, 7)})
}

// region is the parameters of a read of one region.
type region struct {
	Region string `sql:"region"`
}

// regionWeek is the parameters of a read of one region's week.
type regionWeek struct {
	Region     string    `sql:"region"`
	Monday     time.Time `sql:"monday"`
	NextMonday time.Time `sql:"next_monday"`
}

// DataAsOf returns the time of the region's last service event before
// before; ok is false when there is none.
func DataAsOf(ctx context.Context, db *sql.DB, regionCode string, before time.Time) (t time.Time, ok bool, err error) {
	rows, err := readsql.Read[struct {
		Last sql.NullTime `sql:"last"`
	}](ctx, db, files, "data_as_of", struct {
		region
		Before time.Time `sql:"before"`
	}{region{regionCode}, before})
	if err != nil || len(rows) == 0 {
		return time.Time{}, false, err
	}
	return rows[0].Last.Time, rows[0].Last.Valid, nil
}

// Source is what the warehouse holds of one input source.
type Source struct {
	Name  string       `sql:"source"`
	Rows  int64        `sql:"rows"`
	First sql.NullTime `sql:"first"` // the dates the rows cover
	Last  sql.NullTime `sql:"last"`
}

// Sources returns, per fact table, its row count and the dates it covers.
func Sources(ctx context.Context, db *sql.DB) ([]Source, error) {
	return readsql.Read[Source](ctx, db, files, "source_summary", nil)
}
