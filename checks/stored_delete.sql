-- Drops the check results kept for a region, before Keep stores new ones.
DELETE FROM check_stored WHERE region_code = $region
