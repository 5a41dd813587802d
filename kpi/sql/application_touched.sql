-- application_touched: the KTP-el applications whose stored row
-- (ktp_el_applications) may have been changed by rows dated from a region's
-- refresh_from date on: those with such an event now, and those whose
-- stored latest event was that late (a replaced event may have left them).
-- $1 is the earliest of the dates, which lets the scans skip older rows.
-- Refresh regroups exactly these.
SELECT DISTINCT e.region_code, e.application_id, e.service
FROM service_events e
JOIN refresh_from f ON f.region_code = e.region_code AND e.event_time >= f.from_time
WHERE e.service = 'ktp_el' AND e.event_time >= $1
UNION
SELECT a.region_code, a.application_id, a.service
FROM ktp_el_applications a
JOIN refresh_from f ON f.region_code = a.region_code AND a.last_event_at >= f.from_time
WHERE a.last_event_at >= $1
