-- The weeks stored under the settings $settings (the plans'): one row per
-- region and date, the latest ($last) only with its track record stored
-- under $track.
SELECT DISTINCT region_code, strftime(as_of, '%Y-%m-%d') AS as_of
FROM stock_plans
WHERE settings = $settings
  AND (as_of <> $last::DATE
       OR (region_code, as_of) IN (SELECT region_code, as_of FROM forecast_track WHERE settings = $track))
