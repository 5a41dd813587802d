-- ikm_office_sums: per period, office and element, the responses that
-- scored it and the sum of their scores. A blank element (NULL) is not
-- counted: an element averages the responses that scored it. Sums add up,
-- so every scope is rolled up from these. (Nine count/sum pairs in one
-- pass, then turned into rows: much cheaper than unpivoting every response.)
WITH s AS (
    SELECT period, office_code,
           count(u1) AS c1, sum(u1) AS s1, count(u2) AS c2, sum(u2) AS s2, count(u3) AS c3, sum(u3) AS s3,
           count(u4) AS c4, sum(u4) AS s4, count(u5) AS c5, sum(u5) AS s5, count(u6) AS c6, sum(u6) AS s6,
           count(u7) AS c7, sum(u7) AS s7, count(u8) AS c8, sum(u8) AS s8, count(u9) AS c9, sum(u9) AS s9
    FROM ikm_responses
    GROUP BY ALL
)
SELECT s.period, s.office_code, e.element, e.scored::BIGINT AS scored, e.score_sum::BIGINT AS score_sum
FROM s
CROSS JOIN LATERAL (VALUES ('u1', c1, s1), ('u2', c2, s2), ('u3', c3, s3), ('u4', c4, s4), ('u5', c5, s5),
                           ('u6', c6, s6), ('u7', c7, s7), ('u8', c8, s8), ('u9', c9, s9)) e(element, scored, score_sum)
WHERE e.scored > 0
