-- id: ikm_results
-- grain: period × scope (region, office, kecamatan), for every scope that
-- has responses in the period
-- parameters: ikm_settings (regulation, weight), ikm_grades
-- The index, its grade and the sample: responses against the Krejcie-Morgan
-- minimum for N = the applications served (ikm_served), 95% confidence
-- (χ² = 3.841), P = 0.5, 5% error:
--     n_min = ceil(χ² N P(1-P) / (d² (N-1) + χ² P(1-P)))
-- and the margin of error of the responses actually collected, the d that
-- solves the same formula for n: d = sqrt(χ² P(1-P) (N-n) / (n (N-1))), 0 when
-- n ≥ N. A sample below its minimum is flagged (sample_adequate false) and
-- not ranked; with no service event in the period N is unknown and so is
-- adequacy (NULL). weakest_element is the element with the lowest NRR (the
-- first of equals).
WITH responses AS (
    SELECT r.period, m.scope, m.scope_id, count(*) AS responses
    FROM ikm_responses r
    JOIN kpi_scope_map m ON m.office_key = r.office_code
    GROUP BY ALL
),
weakest AS (
    SELECT period, scope, scope_id, arg_min(element, (nrr, element)) AS weakest_element, min(nrr) AS weakest_nrr
    FROM ikm_elements
    GROUP BY ALL
),
sample AS (
    SELECT r.*, s.served,
           CASE WHEN s.served > 0 THEN
               ceil(3.841 * s.served * 0.25 / (0.0025 * (s.served - 1) + 3.841 * 0.25) - 1e-9)::BIGINT
           END AS sample_min
    FROM responses r
    LEFT JOIN ikm_served s USING (period, scope, scope_id)
)
SELECT s.period,
       CASE WHEN s.period LIKE '%-Q%' THEN 'quarter' ELSE 'semester' END AS period_kind,
       s.scope, s.scope_id,
       w.regulation, w.weight,
       s.responses, s.served, s.sample_min,
       s.responses >= s.sample_min AS sample_adequate,
       CASE WHEN s.served IS NULL OR s.served = 0 THEN NULL
            WHEN s.responses >= s.served THEN 0.0
            ELSE sqrt(3.841 * 0.25 * (s.served - s.responses) / (s.responses * (s.served - 1)))
       END AS margin_of_error,
       i.ikm100::BIGINT AS ikm100,
       CAST(printf('%d.%02d', i.ikm100::BIGINT // 100, i.ikm100::BIGINT % 100) AS DECIMAL(5, 2)) AS ikm, i.grade,
       k.weakest_element, k.weakest_nrr
FROM sample s
CROSS JOIN ikm_settings w
LEFT JOIN ikm_index i USING (period, scope, scope_id)
LEFT JOIN weakest k USING (period, scope, scope_id)
