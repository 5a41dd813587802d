-- Drops the track records made under other settings, outside the weeks
-- kept (? to ?: the latest stored week), or of a region without KPIs.
DELETE FROM forecast_track
WHERE settings <> ?
   OR as_of < ?::DATE OR as_of > ?::DATE
   OR region_code NOT IN (SELECT scope_id FROM kpi_weekly WHERE scope = 'region')
