-- stored_read: the results kept for region $region under the settings
-- $settings, while the facts are still $facts and no refresh is pending.
SELECT results::VARCHAR AS results
FROM check_stored
WHERE region_code = $region AND settings = $settings AND facts = $facts
  AND NOT EXISTS (SELECT 1 FROM kpi_dirty)
