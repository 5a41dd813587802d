-- kpi_grid: every week asked for × every scope asked for: the offices,
-- kecamatan, regions and provinces of the regions computed, and the nation.
-- Every KPI returns one row per grid row, so that a quiet week reads 0 (or
-- NULL) rather than missing.
SELECT w.week, w.week_start, w.week_end, w.next_start, s.scope, s.scope_id
FROM kpi_weeks w
CROSS JOIN (
    SELECT 'region' AS scope, region_code AS scope_id FROM kpi_regions
    UNION ALL
    SELECT DISTINCT 'province', province_code FROM kpi_regions
    UNION ALL
    SELECT 'national', 'ID'
    UNION ALL
    SELECT 'office', office_code FROM kpi_offices
    UNION ALL
    SELECT 'kecamatan', kecamatan_code FROM kecamatan WHERE region_code IN (SELECT region_code FROM kpi_regions)
) s
WHERE s.scope IN (SELECT scope FROM kpi_scope_kinds)
