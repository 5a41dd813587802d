-- kpi_grid: every week asked for × every scope: the region, each of its
-- offices and each of its kecamatan. KPIs left-join their figures to it so
-- that a week with nothing counted shows 0 (or NULL for a figure with
-- nothing to measure) instead of no row.
SELECT w.week, w.week_start, w.week_end, w.next_start, s.scope, s.scope_id
FROM kpi_weeks w
CROSS JOIN (
    SELECT 'region' AS scope, region_code AS scope_id FROM kpi_settings
    UNION ALL
    SELECT 'office', office_code FROM kpi_offices
    UNION ALL
    SELECT 'kecamatan', kecamatan_code FROM kecamatan WHERE region_code = (SELECT region_code FROM kpi_settings)
) s
WHERE s.scope IN (SELECT scope FROM kpi_scope_kinds)
