-- data_as_of: the time of the region's last service event before a moment
-- (the start of the week after the one reported): the "Data per" stamp.
-- Read by kpi.DataAsOf.
-- parameters: 1 region_code TEXT, 2 before TIMESTAMP.
SELECT max(event_time) FROM service_events WHERE region_code = ? AND event_time < ?::TIMESTAMP
