-- ikm_served: N of the sample size, the people an office served in the
-- period, counted as the distinct applications (application_id) with any
-- service event at the office in the period, whatever the service or stage.
-- An application stands for a person: NIKs are optional and hashed, and one
-- person rarely has two applications at one office in one semester. A
-- kecamatan or the region counts each application once, however many of
-- its offices it passed through.
WITH seen AS (
    SELECT DISTINCT p.period, e.office_code, e.application_id
    FROM kpi_events e
    JOIN ikm_periods p ON e.event_time >= p.starts AND e.event_time < p.ends
)
SELECT s.period, m.scope, m.scope_id, count(DISTINCT s.application_id) AS served
FROM seen s
JOIN kpi_scope_map m ON m.office_key = s.office_code
GROUP BY ALL
