-- The earliest date each region's stored plans must be made again from
-- ('*': every region). The global model of the forecasts is fitted across
-- every region's demand, so a load in one region touches every region's
-- plans from its date: each region with stored KPIs gets the earliest date
-- of all the notes.
SELECT region_code, from_date FROM stored_plans_dirty WHERE region_code = '*'
UNION ALL
SELECT r.scope_id, (SELECT min(from_date) FROM stored_plans_dirty)
FROM (SELECT DISTINCT scope_id FROM kpi_weekly WHERE scope = 'region') r
WHERE EXISTS (SELECT 1 FROM stored_plans_dirty)
