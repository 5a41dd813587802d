-- kpi_read: stored KPI values (the kpi_weekly table) for a range of weeks,
-- some scopes, some KPIs and the rows of some regions: their offices,
-- kecamatan and the regions themselves, their provinces and the nation.
-- Read by kpi.Read, which expands each list placeholder into one ? per value, so
-- that every filter is a constant list DuckDB can prune row groups with
-- (kpi_weekly is written region by region).
-- parameters: the placeholders from, to (weeks) and the lists, in braces below.
SELECT week, scope, scope_id, kpi, value FROM kpi_weekly
WHERE week BETWEEN {from} AND {to}
  AND region_code IN ({regions}) AND scope IN ({region_scopes})
  AND split_part(kpi, '.', 1) IN ({kpis})
UNION ALL
SELECT week, scope, scope_id, kpi, value FROM kpi_weekly
WHERE week BETWEEN {from} AND {to}
  AND region_code IS NULL AND scope IN ({upper_scopes}) AND scope_id IN ({upper_ids})
  AND split_part(kpi, '.', 1) IN ({kpis})
