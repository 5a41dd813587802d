-- upper_from_region: the province and national rows of a warehouse whose
-- facts belong to one region, from the week $2 on: that region's rows, since
-- every scope pooled from one region's rows is that region. Refresh writes
-- them instead of computing them again (a fifth of the refresh of a
-- 5-million-event regency). Parameters: 1 the region, 2 the first week,
-- 3 its province, 4 the national scope id.
INSERT INTO kpi_weekly
SELECT k.week, u.scope, u.scope_id, k.kpi, k.value, NULL
FROM kpi_weekly k, (VALUES ('province', $3), ('national', $4)) u(scope, scope_id)
WHERE k.scope = 'region' AND k.scope_id = $1 AND k.week >= $2
