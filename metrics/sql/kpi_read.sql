-- kpi_read: stored KPI values (the kpi_weekly table) for a range of weeks,
-- some scopes, some KPIs and the rows of some regions: their offices,
-- kecamatan and the regions themselves, their provinces and the nation.
-- Read by metrics.Read.
-- parameters: 1 first week TEXT, 2 last week TEXT, 3 scopes, 4 KPI ids,
-- 5 regions, 6 provinces (3 to 6 comma-separated TEXT).
SELECT week, scope, scope_id, kpi, value
FROM kpi_weekly
WHERE week BETWEEN $1 AND $2
  AND scope IN (SELECT unnest(string_split($3, ',')))
  AND split_part(kpi, '.', 1) IN (SELECT unnest(string_split($4, ',')))
  AND CASE scope
        WHEN 'national' THEN true
        WHEN 'province' THEN scope_id IN (SELECT unnest(string_split($6, ',')))
        ELSE region_code IN (SELECT unnest(string_split($5, ',')))
      END
