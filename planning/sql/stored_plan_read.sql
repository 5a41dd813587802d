-- The stored plans of region $region as of $as_of under the settings
-- $settings, in the order planning.Plan gives them (the region first);
-- none when a load since touched that date or earlier and the plans have
-- not yet caught up (kpi_dirty, stored_plans_dirty). $scope 'plans' reads
-- the stock plans (the region's, with $offices its offices' too),
-- 'distribution' the region's distribution plan stored beside them.
SELECT plan::VARCHAR AS plan
FROM stock_plans
WHERE region_code = $region AND as_of = $as_of::DATE AND settings = $settings
  AND CASE $scope WHEN 'distribution' THEN scope = 'distribution'
                  ELSE scope = 'region' OR (scope = 'office' AND $offices) END
  AND NOT EXISTS (SELECT 1 FROM kpi_dirty d WHERE d.region_code IN ($region, '*') AND d.from_date <= $as_of::DATE)
  AND NOT EXISTS (SELECT 1 FROM stored_plans_dirty d WHERE d.region_code IN ($region, '*') AND d.from_date <= $as_of::DATE)
ORDER BY ord
