-- The plans stored under the settings $settings: one row per region and date.
SELECT DISTINCT region_code, strftime(as_of, '%Y-%m-%d') AS as_of
FROM stock_plans
WHERE settings = $settings
