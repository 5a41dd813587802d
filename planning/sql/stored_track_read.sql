-- The stored track record of region $region as of $as_of under the settings
-- $settings, in the order planning.TrackRecord gives it (the region first);
-- none when a load since touched that date or earlier and the stored rows
-- have not yet caught up (kpi_dirty, stored_plans_dirty).
SELECT track::VARCHAR AS track
FROM forecast_track
WHERE region_code = $region AND as_of = $as_of::DATE AND settings = $settings
  AND NOT EXISTS (SELECT 1 FROM kpi_dirty d WHERE d.region_code IN ($region, '*') AND d.from_date <= $as_of::DATE)
  AND NOT EXISTS (SELECT 1 FROM stored_plans_dirty d WHERE d.region_code IN ($region, '*') AND d.from_date <= $as_of::DATE)
ORDER BY ord
