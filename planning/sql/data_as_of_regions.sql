-- data_as_of_regions: the time of the last service event of some regions
-- before a moment, and at or after another (NULL: no lower bound): the
-- "Data per" stamp of the province and national report. The lower bound
-- lets a reader of lakes skip the files (row groups) of older months.
-- Read by planning.DataAsOfRegions.
-- parameters: 1 regions (comma-separated TEXT), 2 before TIMESTAMP,
-- 3 since TIMESTAMP or NULL.
SELECT max(event_time) FROM service_events
WHERE region_code IN (SELECT unnest(string_split($1, ','))) AND event_time < $2::TIMESTAMP
  AND ($3::TIMESTAMP IS NULL OR event_time >= $3::TIMESTAMP)
