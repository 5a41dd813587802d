-- kpi_offices: the offices of the region, with their kecamatan (if any).
SELECT office_code, kecamatan_code
FROM offices
WHERE region_code = (SELECT region_code FROM kpi_settings)
