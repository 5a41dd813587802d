-- The weeks stored under the settings $settings (the plans') and $track (the
-- track records'): one row per region and date that has both.
SELECT DISTINCT region_code, strftime(as_of, '%Y-%m-%d') AS as_of
FROM stock_plans
WHERE settings = $settings
  AND (region_code, as_of) IN (SELECT region_code, as_of FROM forecast_track WHERE settings = $track)
