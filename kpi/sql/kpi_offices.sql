-- kpi_offices: the offices of the region, with their kecamatan (if any).
SELECT o.office_code, o.kecamatan_code, o.region_code, r.province_code
FROM offices o
JOIN kpi_regions r USING (region_code)
