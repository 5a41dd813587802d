-- active_offices: the offices of a region that had service events in a
-- week, each with its kecamatan: the offices whose own weekly report
-- pantau run writes. An office idle in the reported week (a mobile unit
-- parked, a closed desk) has nothing to report that week. Read by
-- kpi.ActiveOffices.
-- parameters: $region TEXT, $monday TIMESTAMP, $next_monday TIMESTAMP.
SELECT o.office_code AS code, o.type, o.name, coalesce(o.kecamatan_code, '') AS kecamatan_code,
       coalesce(k.name, '') AS kecamatan_name, coalesce(o.short_name, '') AS short_name
FROM offices o
LEFT JOIN kecamatan k USING (kecamatan_code)
WHERE o.region_code = $region
  AND EXISTS (SELECT 1 FROM service_events e
              WHERE e.region_code = o.region_code AND e.office_code = o.office_code
                AND e.event_time >= $monday::TIMESTAMP AND e.event_time < $next_monday::TIMESTAMP)
ORDER BY o.office_code
