-- region_name: the name of a region, or its code when the regions table
-- does not know it. Read by kpi.RegionName.
-- parameters: 1 region_code TEXT.
SELECT coalesce(max(name), $1) FROM regions WHERE region_code = $1
