-- facts_span: the Mondays of the first and last weeks with service events
-- or complaints (local time): the span of weeks kpi_weekly holds. NULL, NULL
-- without facts. Read by Refresh and RefreshPooled (region_facts: over
-- many lakes a table made from their manifests).
WITH t AS (SELECT first_event AS a, last_event AS b FROM region_facts
           UNION ALL SELECT first_complaint, last_complaint FROM region_facts)
SELECT date_trunc('week', min(a)), date_trunc('week', max(b)) FROM t
