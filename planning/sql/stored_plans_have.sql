-- What is stored: one row per region and date with a plan stored under the
-- settings $settings (the plans') or a track record stored under $track as
-- of the latest week ($last).
SELECT region_code, strftime(as_of, '%Y-%m-%d') AS as_of,
       bool_or(plan) AS has_plan, bool_or(NOT plan) AS has_track
FROM (
    SELECT DISTINCT region_code, as_of, true AS plan FROM stock_plans WHERE settings = $settings
    UNION ALL
    SELECT DISTINCT region_code, as_of, false FROM forecast_track WHERE settings = $track AND as_of = $last::DATE
)
GROUP BY region_code, as_of
