package etl

import (
	"context"
)

// buildOfficeLookup maps every accepted way of naming an office (its code,
// its kecamatan's code or any spelling of the kecamatan's name, with or
// without a "Kec." prefix) to the office, its region and the region's time
// zone, in upper case. Kecamatan names repeat across Indonesia (there is a
// Setu in Kabupaten Bekasi and one in Tangerang Selatan): a name shared by
// several regions stands for the default region's desk if it has one, else
// for the desk with the smallest code. Office codes and kecamatan codes are
// unique, so a file of another region names its offices by code. The
// loader builds it once (NewLoader), not per file.
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
		-- one office per key: the default region's first
		best AS (
			SELECT key, arg_min({'office_code': office_code, 'region_code': region_code}, rank) AS o, min(rank) AS rank
			FROM (SELECT *, (CASE WHEN region_code = ? THEN '0' ELSE '1' END) || office_code AS rank FROM names)
			GROUP BY key
		),
		prefixed AS (
			SELECT key, o, rank FROM best
			UNION ALL SELECT 'KEC. ' || key, o, rank FROM best
			UNION ALL SELECT 'KEC.' || key, o, rank FROM best
			UNION ALL SELECT 'KEC ' || key, o, rank FROM best
			UNION ALL SELECT 'KECAMATAN ' || key, o, rank FROM best
		),
		unique_keys AS (
			SELECT key, arg_min(o, rank) AS o FROM prefixed GROUP BY key
		)
		SELECT u.key, u.o.office_code AS office_code, u.o.region_code AS region_code, r.time_zone
		FROM unique_keys u LEFT JOIN regions r ON r.region_code = u.o.region_code
		-- in key order: a small file's join then skips most of the table
		ORDER BY u.key`, l.cfg.RegionCode)
	return err
}
