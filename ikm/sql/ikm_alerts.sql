-- id: ikm_alerts
-- grain: period × office, only offices with a fall
-- parameters: ikm_settings (alert_ikm100: index points × 100, alert_nrr100: NRR × 100)
-- An office whose index fell by alert_ikm100 / 100 points or more since the
-- previous period of the same kind (2023-S1 after 2022-S2, 2023-Q1 after
-- 2022-Q4), comparing the rounded, printed indexes; or one of whose
-- elements' NRR (scale 1-4, unrounded) fell by alert_nrr100 / 100 or more,
-- compared exactly in integers: prev - cur >= t  ⇔
-- 100 (s_prev c_cur - s_cur c_prev) >= t100 c_prev c_cur. One row per fall:
-- element NULL for the index.
WITH prev AS (
    SELECT period,
           CASE WHEN period LIKE '%-Q1' THEN (CAST(left(period, 4) AS INTEGER) - 1) || '-Q4'
                WHEN period LIKE '%-Q%' THEN left(period, 6) || (CAST(right(period, 1) AS INTEGER) - 1)
                WHEN period LIKE '%-S1' THEN (CAST(left(period, 4) AS INTEGER) - 1) || '-S2'
                ELSE left(period, 4) || '-S1' END AS previous
    FROM ikm_periods
),
idx AS (
    SELECT p.period, p.previous, c.scope_id AS office_code, NULL::TEXT AS element,
           o.ikm100 AS before100, c.ikm100 AS after100,
           NULL::DOUBLE AS nrr_before, NULL::DOUBLE AS nrr_after
    FROM prev p
    -- ikm_index, not ikm_results: an alert needs the printed index, not the
    -- sample adequacy that costs a scan of the periods' service events
    JOIN ikm_index c ON c.period = p.period AND c.scope = 'office'
    JOIN ikm_index o ON o.period = p.previous AND o.scope = 'office' AND o.scope_id = c.scope_id
    CROSS JOIN ikm_settings w
    WHERE o.ikm100 - c.ikm100 >= w.alert_ikm100
),
el AS (
    SELECT p.period, p.previous, c.scope_id AS office_code, c.element,
           o.score100::BIGINT AS before100, c.score100::BIGINT AS after100,
           o.nrr AS nrr_before, c.nrr AS nrr_after
    FROM prev p
    JOIN ikm_elements c ON c.period = p.period AND c.scope = 'office'
    JOIN ikm_elements o ON o.period = p.previous AND o.scope = 'office' AND o.scope_id = c.scope_id AND o.element = c.element
    CROSS JOIN ikm_settings w
    WHERE 100 * (o.score_sum::HUGEINT * c.scored - c.score_sum::HUGEINT * o.scored) >= w.alert_nrr100 * o.scored::HUGEINT * c.scored
)
SELECT * FROM idx
UNION ALL
SELECT * FROM el
