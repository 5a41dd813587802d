-- kpi_scope_map: which scopes a fact row counts for, by its office key: the
-- office code, or '@' || region_code for a row without an office (a
-- complaint sent to the regency). An office counts for itself, its
-- kecamatan, its region, its province and the nation; a row without an
-- office for its region, province and nation. Province and national values
-- are computed from the pooled rows of their regions, never from the
-- regions' results.
SELECT office_key, scope, scope_id
FROM (
    SELECT office_code AS office_key, 'office' AS scope, office_code AS scope_id FROM kpi_offices
    UNION ALL
    SELECT office_code, 'kecamatan', kecamatan_code FROM kpi_offices WHERE kecamatan_code IS NOT NULL
    UNION ALL
    SELECT k.office_key, s.scope, s.scope_id
    FROM (SELECT office_code AS office_key, region_code, province_code FROM kpi_offices
          UNION ALL
          SELECT '@' || region_code, region_code, province_code FROM kpi_regions) k
    CROSS JOIN LATERAL (VALUES ('region', k.region_code), ('province', k.province_code), ('national', 'ID')) s(scope, scope_id)
)
WHERE scope IN (SELECT scope FROM kpi_scope_kinds)
