-- id: ikm_index
-- grain: period × scope (region, office, kecamatan)
-- parameters: ikm_settings (weight_num / weight_den: 1/9 or 111/1000), ikm_grades
-- IKM = Σ weight × NRR × 25 over the nine elements, rounded half up to two
-- decimals once and graded from the rounded value. Exact integer
-- arithmetic: each NRR is carried as floor(sum × 10^24 / scored) (HUGEINT),
-- so ikm100 = round(2500 × weight_num × Σ NRR / weight_den); the
-- truncation (under 10^-24 per element) is added back before rounding, so a
-- true tie such as 88.305 rounds up whatever the counts. NULL when an element
-- was scored by no one: the index needs all nine.
WITH k AS (SELECT '1000000000000000000000000'::HUGEINT AS e24),
nrr AS (
    SELECT period, scope, scope_id,
           count(*) AS elements,
           sum(score_sum::HUGEINT * k.e24 // scored) AS nrr_sum_e24
    FROM ikm_elements CROSS JOIN k
    GROUP BY ALL
),
idx AS (
    SELECT n.period, n.scope, n.scope_id, n.elements,
           CASE WHEN n.elements = 9 THEN
               (2 * 2500 * w.weight_num * (n.nrr_sum_e24 + 9) + w.weight_den * k.e24) // (2 * w.weight_den * k.e24)
           END AS ikm100
    FROM nrr n CROSS JOIN ikm_settings w CROSS JOIN k
)
SELECT i.period, i.scope, i.scope_id, i.elements, i.ikm100, g.grade
FROM idx i
LEFT JOIN ikm_grades g ON i.ikm100 BETWEEN g.from100 AND g.to100
