-- data_as_of_facts: the last service event of the regions ($1, comma-
-- separated) when every one of them ended before $2, from region_facts
-- (a table over lakes: their manifests'); NULL otherwise, and then
-- data_as_of_regions looks in the events. Read by planning.DataAsOfRegions.
SELECT CASE WHEN bool_and(last_event < $2::TIMESTAMP) THEN max(last_event) END
FROM region_facts
WHERE region_code IN (SELECT unnest(string_split($1, ',')))
