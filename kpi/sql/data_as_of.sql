-- data_as_of: the time of the region's last service event before a moment
-- (the start of the week after the one reported): the "Data per" stamp.
-- Read by kpi.DataAsOf.
-- parameters: $region TEXT, $before TIMESTAMP.
SELECT max(event_time) AS last FROM service_events WHERE region_code = $region AND event_time < $before::TIMESTAMP
