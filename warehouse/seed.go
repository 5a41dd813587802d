package warehouse

import (
	"context"
	"database/sql"

	"github.com/disdukcapil-bekasi/pantau/reference"
)

// seedReference fills the reference tables with the embedded facts of the
// default region. Loading reference files later may add or override rows.
func seedReference(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO regions VALUES (?, ?, ?)`,
		reference.RegionCode, reference.RegionName, reference.TimeZone); err != nil {
		return err
	}
	kec, err := reference.KecamatanList()
	if err != nil {
		return err
	}
	for _, k := range kec {
		if _, err := tx.ExecContext(ctx, `INSERT INTO kecamatan VALUES (?, ?, ?, ?, ?, nullif(?, 0), nullif(?, ''), nullif(?, 0))`,
			k.RegionCode, k.Code, k.BPSCode, k.Name, k.DesaCount, k.Population, k.PopulationSource, k.Voters2024); err != nil {
			return err
		}
	}
	aliases, err := reference.Aliases()
	if err != nil {
		return err
	}
	for _, a := range aliases {
		if _, err := tx.ExecContext(ctx, `INSERT INTO kecamatan_aliases VALUES (?, ?)`, a.Alias, a.KecamatanCode); err != nil {
			return err
		}
	}
	offices, err := reference.Offices()
	if err != nil {
		return err
	}
	for _, o := range offices {
		if _, err := tx.ExecContext(ctx, `INSERT INTO offices (office_code, region_code, name, type, kecamatan_code) VALUES (?, ?, ?, ?, nullif(?, ''))`,
			o.Code, reference.RegionCode, o.Name, o.Type, o.KecamatanCode); err != nil {
			return err
		}
	}
	holidays, err := reference.Holidays()
	if err != nil {
		return err
	}
	for _, h := range holidays {
		if _, err := tx.ExecContext(ctx, `INSERT INTO holidays VALUES (?, ?, ?, ?)`, h.Date, h.Kind, h.Name, h.Decree); err != nil {
			return err
		}
	}
	return nil
}

// seedOfficeShortNames fills offices.short_name (migration 0007) from the
// embedded reference offices, in a new warehouse and an old one alike.
func seedOfficeShortNames(ctx context.Context, tx *sql.Tx) error {
	offices, err := reference.Offices()
	if err != nil {
		return err
	}
	for _, o := range offices {
		if _, err := tx.ExecContext(ctx, `UPDATE offices SET short_name = nullif(?, '') WHERE office_code = ? AND region_code = ?`,
			o.ShortName, o.Code, reference.RegionCode); err != nil {
			return err
		}
	}
	return nil
}
