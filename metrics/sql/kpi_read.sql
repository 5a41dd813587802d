-- kpi_read: stored KPI values (the kpi_weekly table) for a range of weeks,
-- some scopes, some KPIs and the rows of some regions: their offices,
-- kecamatan and the regions themselves, their provinces and the nation.
-- Read by metrics.Read, which expands each {list} into one ? per value, so
-- that every filter is a constant list DuckDB can prune row groups with
-- (kpi_weekly is written region by region).
-- parameters: the first and last week, then the lists in order.
SELECT week, scope, scope_id, kpi, value FROM kpi_weekly
WHERE week BETWEEN ? AND ?
  AND region_code IN ({regions}) AND scope IN ({region_scopes})
  AND split_part(kpi, '.', 1) IN ({kpis})
UNION ALL
SELECT week, scope, scope_id, kpi, value FROM kpi_weekly
WHERE week BETWEEN ? AND ?
  AND region_code IS NULL AND scope IN ({upper_scopes}) AND scope_id IN ({upper_ids})
  AND split_part(kpi, '.', 1) IN ({kpis})
