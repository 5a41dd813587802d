-- data_as_of_regions: the time of the last service event of some regions
-- before a moment: the "Data per" stamp of the province and national report.
-- Read by planning.DataAsOfRegions.
-- parameters: 1 regions (comma-separated TEXT), 2 before TIMESTAMP.
SELECT max(event_time) FROM service_events
WHERE region_code IN (SELECT unnest(string_split($1, ','))) AND event_time < $2::TIMESTAMP
