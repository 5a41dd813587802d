-- kpi_scope_map: the scopes a row of an office counts towards: the region,
-- the office and the office's kecamatan. office_key '' stands for rows
-- without an office (complaints may have none): they count for the region
-- only. Rows of offices unknown to the reference data count nowhere
-- (pantau check reports them).
SELECT office_key, scope, scope_id
FROM (
    SELECT office_code AS office_key, 'region' AS scope, (SELECT region_code FROM kpi_settings) AS scope_id FROM kpi_offices
    UNION ALL
    SELECT '', 'region', (SELECT region_code FROM kpi_settings)
    UNION ALL
    SELECT office_code, 'office', office_code FROM kpi_offices
    UNION ALL
    SELECT office_code, 'kecamatan', kecamatan_code FROM kpi_offices WHERE kecamatan_code IS NOT NULL
)
WHERE scope IN (SELECT scope FROM kpi_scope_kinds)
