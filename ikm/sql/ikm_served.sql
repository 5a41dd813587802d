-- ikm_served: N of the sample size, the people an office served in the
-- period, counted as the distinct applications (application_id) with any
-- service event at the office in the period, whatever the service or stage.
-- An application stands for a person: NIKs are optional and hashed, and one
-- person rarely has two applications at one office in one semester. A
-- kecamatan or the region counts each application once, however many of
-- its offices it passed through.
-- For speed, applications are compared by their 64-bit hash (a collision
-- among a region's million applications has a chance of about 10^-8 and
-- would undercount N by one), events are keyed by an integer per quarter (year × 10 + 1..4)
-- and semester (year × 10 + 5 or 6), joined to the periods by equality (not
-- by a range), and each scope counts its own distinct applications instead
-- of fanning every row out to three scopes. keyed is distinct per office,
-- so offices count its rows.
WITH periods AS (
    SELECT period, CAST(left(period, 4) AS INTEGER) * 10
               + CASE WHEN kind = 'quarter' THEN CAST(right(period, 1) AS INTEGER) ELSE 4 + CAST(right(period, 1) AS INTEGER) END AS pk
    FROM ikm_periods
),
events AS (
    -- only the events of the periods asked for: the scan, not the history
    -- (a join with the span reaches the scan; scalar subqueries in the
    -- WHERE clause do not)
    SELECT year(e.event_time) * 10 + quarter(e.event_time) AS qk, e.office_code, hash(e.application_id) AS application_id
    FROM kpi_events e
    JOIN (SELECT min(starts) AS first, max(ends) AS next FROM ikm_periods) s
      ON e.event_time >= s.first AND e.event_time < s.next
),
keyed AS (
    -- one row per period asked for, office and application
    SELECT DISTINCT k.pk, k.office_code, k.application_id
    FROM (
        SELECT qk AS pk, office_code, application_id FROM events
        UNION ALL
        SELECT (qk // 10) * 10 + CASE WHEN qk % 10 <= 2 THEN 5 ELSE 6 END, office_code, application_id FROM events
    ) k
    SEMI JOIN periods p ON p.pk = k.pk
),
counted AS (
    -- count(*) over DISTINCT rows: a grouped count(DISTINCT) is not parallel.
    SELECT pk, 'office' AS scope, office_code AS scope_id, count(*) AS served
    FROM keyed GROUP BY ALL
    UNION ALL
    SELECT pk, 'region', (SELECT region_code FROM kpi_settings), count(*)
    FROM (SELECT DISTINCT pk, application_id FROM keyed) GROUP BY pk
    UNION ALL
    SELECT pk, 'kecamatan', kecamatan_code, count(*)
    FROM (SELECT DISTINCT k.pk, o.kecamatan_code, k.application_id
          FROM keyed k
          -- nothing to join (and nothing computed) unless kecamatan are asked for
          JOIN (SELECT o.* FROM kpi_offices o JOIN kpi_scope_kinds s ON s.scope = 'kecamatan') o USING (office_code)
          WHERE o.kecamatan_code IS NOT NULL)
    GROUP BY ALL
)
SELECT p.period, c.scope, c.scope_id, c.served
FROM counted c
JOIN periods p USING (pk)
WHERE c.scope IN (SELECT scope FROM kpi_scope_kinds)
  AND (c.scope <> 'office' OR c.scope_id IN (SELECT office_code FROM kpi_offices))
