-- pooled_blanko: the blanko KPIs of the province and national scopes of
-- kpi_scope_kinds for the weeks of kpi_weeks, from the stored rows of their
-- regions (kpi_weekly, scope region) instead of a ledger of every office's
-- days from the events: cards consumed, received and in stock are sums over
-- offices, so a province's are the sums of its regions'; weeks of cover is
-- the stock over the mean weekly consumption of the four weeks ending with
-- the week (the 28 days weeks_of_cover.sql sums, NULL when none was
-- consumed). Columns: week, scope, scope_id, and blanko_consumed,
-- blanko_received, blanko_stock, weeks_of_cover. Read by RefreshPooled (a
-- reader of several lakes); a region without a stored row for a week
-- counts nothing for it.
WITH units AS (
    SELECT s.scope, CASE s.scope WHEN 'province' THEN r.province_code ELSE 'ID' END AS scope_id, r.region_code
    FROM kpi_regions r
    CROSS JOIN kpi_scope_kinds s
    WHERE s.scope IN ('province', 'national')
), past AS (
    -- each week and the three before it, whose consumption its cover reads
    SELECT w.week, strftime(w.week_start - INTERVAL (7 * t.i) DAY, '%G-W%V') AS past
    FROM kpi_weeks w
    CROSS JOIN range(4) t(i)
), sums AS (
    SELECT k.week, u.scope, u.scope_id, k.kpi, sum(k.value) AS value
    FROM kpi_weekly k
    JOIN units u ON u.region_code = k.scope_id
    WHERE k.scope = 'region' AND k.kpi IN ('blanko_consumed', 'blanko_received', 'blanko_stock')
      AND k.week IN (SELECT past FROM past)
    GROUP BY ALL
), consumed_4w AS (
    SELECT p.week, s.scope, s.scope_id, sum(s.value) AS consumed
    FROM past p
    JOIN sums s ON s.week = p.past AND s.kpi = 'blanko_consumed'
    GROUP BY ALL
), grid AS (
    SELECT DISTINCT w.week, u.scope, u.scope_id FROM kpi_weeks w CROSS JOIN units u
)
SELECT g.week, g.scope, g.scope_id,
       coalesce(c.value, 0)::DOUBLE AS blanko_consumed,
       coalesce(r.value, 0)::DOUBLE AS blanko_received,
       coalesce(s.value, 0)::DOUBLE AS blanko_stock,
       (coalesce(s.value, 0) / nullif(f.consumed / 4.0, 0))::DOUBLE AS weeks_of_cover
FROM grid g
LEFT JOIN sums c ON c.week = g.week AND c.scope = g.scope AND c.scope_id = g.scope_id AND c.kpi = 'blanko_consumed'
LEFT JOIN sums r ON r.week = g.week AND r.scope = g.scope AND r.scope_id = g.scope_id AND r.kpi = 'blanko_received'
LEFT JOIN sums s ON s.week = g.week AND s.scope = g.scope AND s.scope_id = g.scope_id AND s.kpi = 'blanko_stock'
LEFT JOIN consumed_4w f ON f.week = g.week AND f.scope = g.scope AND f.scope_id = g.scope_id
