-- id: complaints_received
-- grain: ISO week × scope (region, office, kecamatan); complaints without an office count for the region only
-- parameters: none; reads the runner's kpi_* relations
-- Complaints received in the week, in all and by category and by channel
-- (complaints_received.category.<category>, complaints_received.channel.<channel>;
-- every category and channel of enums.yaml appears, with 0 when none came).
WITH received AS (
    SELECT date_trunc('week', c.received_at)::DATE AS week_start, m.scope, m.scope_id, c.category, c.channel
    FROM kpi_complaints c
    JOIN kpi_scope_map m ON m.office_key = coalesce(c.office_code, '@' || c.region_code)
), names AS (
    SELECT 'complaints_received' AS kpi
    UNION ALL
    SELECT 'complaints_received.category.' || category FROM (
        SELECT value AS category FROM kpi_enum_values WHERE enum = 'complaint_category'
        UNION SELECT category FROM kpi_complaints)
    UNION ALL
    SELECT 'complaints_received.channel.' || channel FROM (
        SELECT value AS channel FROM kpi_enum_values WHERE enum = 'complaint_channel'
        UNION SELECT channel FROM kpi_complaints)
), counted AS (
    SELECT week_start, scope, scope_id, 'complaints_received' AS kpi, count(*) AS n FROM received GROUP BY ALL
    UNION ALL
    SELECT week_start, scope, scope_id, 'complaints_received.category.' || category, count(*) FROM received GROUP BY ALL
    UNION ALL
    SELECT week_start, scope, scope_id, 'complaints_received.channel.' || channel, count(*) FROM received GROUP BY ALL
)
SELECT g.week, g.scope, g.scope_id, n.kpi, coalesce(c.n, 0)::DOUBLE AS value
FROM kpi_grid g
CROSS JOIN names n
LEFT JOIN counted c ON c.week_start = g.week_start AND c.scope = g.scope AND c.scope_id = g.scope_id AND c.kpi = n.kpi
