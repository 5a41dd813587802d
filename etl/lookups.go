package etl

import (
	"context"
	"strings"
)

// buildOfficeLookup maps every accepted way of naming an office (its code,
// its kecamatan's code or any spelling of the kecamatan's name, with or
// without a "Kec." prefix) to the office, in upper case.
func (l *Loader) buildOfficeLookup(ctx context.Context) error {
	_, err := l.exec(ctx, `CREATE OR REPLACE TEMP TABLE office_lookup AS
		WITH names AS (
			SELECT upper(office_code) AS key, office_code, region_code FROM offices
			UNION ALL
			SELECT upper(o.kecamatan_code), o.office_code, o.region_code FROM offices o WHERE o.type = 'kecamatan'
			UNION ALL
			SELECT upper(replace(o.kecamatan_code, '.', '')), o.office_code, o.region_code FROM offices o WHERE o.type = 'kecamatan'
			UNION ALL
			SELECT upper(a.alias), o.office_code, o.region_code
			FROM kecamatan_aliases a JOIN offices o ON o.kecamatan_code = a.kecamatan_code AND o.type = 'kecamatan'
			UNION ALL
			SELECT upper(k.name), o.office_code, o.region_code
			FROM kecamatan k JOIN offices o ON o.kecamatan_code = k.kecamatan_code AND o.type = 'kecamatan'
		),
		prefixed AS (
			SELECT key, office_code, region_code FROM names
			UNION ALL SELECT 'KEC. ' || key, office_code, region_code FROM names
			UNION ALL SELECT 'KEC.' || key, office_code, region_code FROM names
			UNION ALL SELECT 'KEC ' || key, office_code, region_code FROM names
			UNION ALL SELECT 'KECAMATAN ' || key, office_code, region_code FROM names
		)
		SELECT key, min(office_code) AS office_code, min(region_code) AS region_code FROM prefixed GROUP BY key`)
	return err
}

// buildEnumMap fills the temp table enum_map (col, key, value) with every
// accepted spelling of the enum values of s.
func (l *Loader) buildEnumMap(ctx context.Context, s spec, configured map[string]map[string]string) error {
	if _, err := l.exec(ctx, `CREATE OR REPLACE TEMP TABLE enum_map (col VARCHAR, key VARCHAR, value VARCHAR)`); err != nil {
		return err
	}
	rows := enumRows(s, configured)
	if len(rows) == 0 {
		return nil
	}
	values := make([]string, len(rows))
	args := make([]any, 0, 3*len(rows))
	for i, r := range rows {
		values[i] = "(?, ?, ?)"
		args = append(args, r[0], r[1], r[2])
	}
	_, err := l.exec(ctx, `INSERT INTO enum_map VALUES `+strings.Join(values, ", "), args...)
	return err
}
