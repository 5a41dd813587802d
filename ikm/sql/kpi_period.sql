-- id: kpi_period
-- grain: period (2023-Q1, 2023-S1) × scope (region, office, kecamatan)
-- The survey figures in the long shape of kpi_weekly: period, scope,
-- scope_id, kpi, value. ikm is the rounded index (two decimals);
-- ikm.<element> the element's rounded NRR × 25, ikm.<element>.nrr its mean
-- score (1-4, unrounded) and ikm.<element>.responses the responses that
-- scored it; ikm.sample_adequate is 1 or 0 (NULL: nothing served to compare
-- with). Grades and the regulation are in ikm_results.
SELECT r.period, r.scope, r.scope_id, v.kpi, v.value
FROM ikm_results r
CROSS JOIN LATERAL (VALUES
    ('ikm',                  r.ikm100 / 100),
    ('ikm.responses',        r.responses::DOUBLE),
    ('ikm.served',           r.served::DOUBLE),
    ('ikm.sample_min',       r.sample_min::DOUBLE),
    ('ikm.sample_adequate',  CASE WHEN r.sample_adequate THEN 1.0 WHEN NOT r.sample_adequate THEN 0.0 END),
    ('ikm.margin_of_error',  r.margin_of_error)
) v(kpi, value)
UNION ALL
SELECT e.period, e.scope, e.scope_id, v.kpi, v.value
FROM ikm_elements e
CROSS JOIN LATERAL (VALUES
    ('ikm.' || e.element,                e.score100::BIGINT / 100),
    ('ikm.' || e.element || '.nrr',      e.nrr),
    ('ikm.' || e.element || '.responses', e.scored::DOUBLE)
) v(kpi, value)
