package warehouse

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/disdukcapil-bekasi/pantau/reference"
)

// seedReference fills the reference tables with the embedded facts of the
// default region, one INSERT of bound lists (unnest) per table.
func seedReference(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO regions VALUES (?, ?, ?)`,
		reference.RegionCode, reference.RegionName, reference.TimeZone); err != nil {
		return err
	}
	for _, seed := range []func(context.Context, *sql.Tx) error{seedKecamatan, seedOffices, seedHolidays} {
		if err := seed(ctx, tx); err != nil {
			return err
		}
	}
	return nil
}

// seedKecamatan inserts Kabupaten Bekasi's kecamatan and their aliases.
func seedKecamatan(ctx context.Context, tx *sql.Tx) error {
	kec, err := reference.KecamatanList()
	if err != nil {
		return err
	}
	var k struct {
		region, code, bps, name, source []string
		desa, population, voters        []int64
	}
	for _, v := range kec {
		k.region, k.code, k.bps, k.name, k.source = append(k.region, v.RegionCode), append(k.code, v.Code), append(k.bps, v.BPSCode), append(k.name, v.Name), append(k.source, v.PopulationSource)
		k.desa, k.population, k.voters = append(k.desa, int64(v.DesaCount)), append(k.population, int64(v.Population)), append(k.voters, int64(v.Voters2024))
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO kecamatan
		SELECT r, c, b, n, d, nullif(p, 0), nullif(s, ''), nullif(v, 0) FROM (
			SELECT unnest(?::VARCHAR[]) r, unnest(?::VARCHAR[]) c, unnest(?::VARCHAR[]) b, unnest(?::VARCHAR[]) n,
				unnest(?::BIGINT[]) d, unnest(?::BIGINT[]) p, unnest(?::VARCHAR[]) s, unnest(?::BIGINT[]) v)`,
		k.region, k.code, k.bps, k.name, k.desa, k.population, k.source, k.voters); err != nil {
		return fmt.Errorf("kecamatan: %w", err)
	}
	aliases, err := reference.Aliases()
	if err != nil {
		return err
	}
	var alias, aliasCode []string
	for _, a := range aliases {
		alias, aliasCode = append(alias, a.Alias), append(aliasCode, a.KecamatanCode)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO kecamatan_aliases SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[])`, alias, aliasCode); err != nil {
		return fmt.Errorf("kecamatan_aliases: %w", err)
	}
	return nil
}

// seedOffices inserts Kabupaten Bekasi's offices.
func seedOffices(ctx context.Context, tx *sql.Tx) error {
	offices, err := reference.Offices()
	if err != nil {
		return err
	}
	var o struct{ code, name, typ, kec []string }
	for _, v := range offices {
		o.code, o.name, o.typ, o.kec = append(o.code, v.Code), append(o.name, v.Name), append(o.typ, v.Type), append(o.kec, v.KecamatanCode)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO offices (office_code, region_code, name, type, kecamatan_code)
		SELECT c, ?, n, t, nullif(k, '') FROM (
			SELECT unnest(?::VARCHAR[]) c, unnest(?::VARCHAR[]) n, unnest(?::VARCHAR[]) t, unnest(?::VARCHAR[]) k)`,
		reference.RegionCode, o.code, o.name, o.typ, o.kec); err != nil {
		return fmt.Errorf("offices: %w", err)
	}
	return nil
}

// seedHolidays inserts the national holidays and cuti bersama.
func seedHolidays(ctx context.Context, tx *sql.Tx) error {
	holidays, err := reference.Holidays()
	if err != nil {
		return err
	}
	var h struct{ date, kind, name, decree []string }
	for _, v := range holidays {
		h.date, h.kind, h.name, h.decree = append(h.date, v.Date.Format(time.DateOnly)), append(h.kind, v.Kind), append(h.name, v.Name), append(h.decree, v.Decree)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO holidays
		SELECT unnest(?::VARCHAR[])::DATE, unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[])`,
		h.date, h.kind, h.name, h.decree); err != nil {
		return fmt.Errorf("holidays: %w", err)
	}
	return nil
}

// seedNation adds every province, region, kecamatan and office of the
// national reference (migration 0008). Kabupaten Bekasi's detailed kecamatan
// and real offices were seeded by seedReference and are kept; its regions row
// (name and zone kept) gains its province and population. No earlier
// migration holds rows of other regions, so the same seed upgrades a
// warehouse made before 0008. Each table is one INSERT of bound lists
// (unnest), not thousands of single-row statements.
func seedNation(ctx context.Context, tx *sql.Tx) error {
	n, err := reference.LoadNation()
	if err != nil {
		return err
	}
	var p struct {
		code, name, zone []string
		pop              []int64
	}
	for _, v := range n.Provinces {
		p.code, p.name, p.zone, p.pop = append(p.code, v.Code), append(p.name, v.Name), append(p.zone, v.TimeZone), append(p.pop, int64(v.Population))
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO provinces (province_code, name, time_zone, population)
		SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::BIGINT[])
		ON CONFLICT DO NOTHING`, p.code, p.name, p.zone, p.pop); err != nil {
		return fmt.Errorf("provinces: %w", err)
	}

	var r struct {
		code, name, zone, province []string
		pop                        []int64
	}
	var k struct {
		region, code, name []string
		desa               []int64
	}
	var o struct{ code, region, name, typ, kec []string }
	for _, g := range n.Regencies {
		r.code, r.name, r.zone = append(r.code, g.RegionCode), append(r.name, g.Name), append(r.zone, g.TimeZone)
		r.province, r.pop = append(r.province, g.ProvinceCode), append(r.pop, int64(g.Population))
		if g.RegionCode == reference.RegionCode {
			continue // the detailed rows of seedReference
		}
		districts := n.DistrictsOf(g.RegionCode)
		for _, d := range districts {
			k.region, k.code, k.name, k.desa = append(k.region, d.RegionCode), append(k.code, d.KemendagriCode), append(k.name, d.Name), append(k.desa, int64(d.DesaCount))
		}
		for _, v := range reference.StandardOffices(g, districts) {
			o.code, o.region, o.name, o.typ, o.kec = append(o.code, v.Code), append(o.region, g.RegionCode), append(o.name, v.Name), append(o.typ, v.Type), append(o.kec, v.KecamatanCode)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO regions (region_code, name, time_zone, province_code, population)
		SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::BIGINT[])
		ON CONFLICT (region_code) DO UPDATE SET province_code = excluded.province_code, population = excluded.population`,
		r.code, r.name, r.zone, r.province, r.pop); err != nil {
		return fmt.Errorf("regions: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO kecamatan (region_code, kecamatan_code, name, desa_count)
		SELECT * FROM (SELECT unnest(?::VARCHAR[]) r, unnest(?::VARCHAR[]) k, unnest(?::VARCHAR[]), unnest(?::BIGINT[]))
`, k.region, k.code, k.name, k.desa); err != nil {
		return fmt.Errorf("kecamatan: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO offices (office_code, region_code, name, type, kecamatan_code)
		SELECT o, r, n, t, nullif(k, '') FROM (
			SELECT unnest(?::VARCHAR[]) o, unnest(?::VARCHAR[]) r, unnest(?::VARCHAR[]) n, unnest(?::VARCHAR[]) t, unnest(?::VARCHAR[]) k)
`, o.code, o.region, o.name, o.typ, o.kec); err != nil {
		return fmt.Errorf("offices: %w", err)
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
