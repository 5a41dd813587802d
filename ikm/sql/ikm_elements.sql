-- id: ikm_elements
-- grain: period (quarter, semester) × scope (region, office, kecamatan) × element u1..u9
-- parameters: ikm_grades (the regulation's grade table, bounds × 100)
-- NRR (nilai rata-rata) of an element = the mean score (1-4) of the
-- responses that scored it. Its score NRR × 25 is rounded half up to two
-- decimals once, in integers: score100 = round(2500 × sum / scored)
-- = (5000 × sum + scored) // (2 × scored), exact for any count (no binary
-- floating point: 88.305 becomes 88.31). The grade is read from score100.
WITH sums AS (
    SELECT s.period, m.scope, m.scope_id, s.element, sum(s.scored)::BIGINT AS scored, sum(s.score_sum)::BIGINT AS score_sum
    FROM ikm_office_sums s
    JOIN kpi_scope_map m ON m.office_key = s.office_code
    GROUP BY ALL
)
SELECT s.period, s.scope, s.scope_id, s.element, s.scored, s.score_sum,
       s.score_sum / s.scored AS nrr,
       (5000 * s.score_sum::HUGEINT + s.scored) // (2 * s.scored) AS score100,
       g.grade
FROM sums s
LEFT JOIN ikm_grades g ON (5000 * s.score_sum::HUGEINT + s.scored) // (2 * s.scored) BETWEEN g.from100 AND g.to100
