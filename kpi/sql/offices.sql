-- offices: the offices of a region with their kecamatan's name, for the
-- reports' labels. Read by kpi.Offices.
-- parameters: $region TEXT.
SELECT o.office_code AS code, o.type, o.name, coalesce(o.kecamatan_code, '') AS kecamatan_code,
       coalesce(k.name, '') AS kecamatan_name, coalesce(o.short_name, '') AS short_name
FROM offices o
LEFT JOIN kecamatan k USING (kecamatan_code)
WHERE o.region_code = $region
ORDER BY o.office_code
