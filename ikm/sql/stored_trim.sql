-- Drops the stored survey made under other settings, of periods outside
-- those kept (? to ?, the first and the last period's ids), or of a region
-- without KPIs.
DELETE FROM survey_stored
WHERE settings <> ?
   OR period < ? OR period > ?
   OR region_code NOT IN (SELECT scope_id FROM kpi_weekly WHERE scope = 'region')
