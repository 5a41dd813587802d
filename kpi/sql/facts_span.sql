-- facts_span: the Mondays of the first and last weeks with service events
-- or complaints (local time): the span of weeks kpi_weekly holds. NULL, NULL
-- without facts. Read by Refresh and RefreshPooled.
WITH t AS (SELECT min(event_time) AS a, max(event_time) AS b FROM service_events
           UNION ALL SELECT min(received_at), max(received_at) FROM complaints)
SELECT date_trunc('week', min(a)), date_trunc('week', max(b)) FROM t
