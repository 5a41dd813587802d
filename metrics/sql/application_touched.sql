-- application_touched: the applications of region $1 whose stored row rows
-- dated $2 or later may have changed: those with such an event now, and
-- those whose stored latest event was that late (a replaced event may have
-- left them). Refresh regroups exactly these.
SELECT DISTINCT region_code, application_id, service
FROM service_events
WHERE region_code = $1 AND event_time >= $2
UNION
SELECT region_code, application_id, service
FROM application_facts
WHERE region_code = $1 AND last_event_at >= $2
