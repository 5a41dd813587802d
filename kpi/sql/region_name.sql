-- region_name: the name of a region, or its code when the regions table
-- does not know it. Read by kpi.RegionName.
-- parameters: $region TEXT.
SELECT coalesce(max(name), $region) AS name FROM regions WHERE region_code = $region
