-- ikm_office_sums: per period, office and element, the responses that
-- scored it and the sum of their scores. A blank element (NULL) is left out
-- by UNPIVOT: an element averages the responses that scored it. Sums add up,
-- so every scope is rolled up from these.
SELECT period, office_code, element, count(*) AS scored, sum(score)::BIGINT AS score_sum
FROM (UNPIVOT ikm_responses ON u1, u2, u3, u4, u5, u6, u7, u8, u9 INTO NAME element VALUE score)
GROUP BY ALL
