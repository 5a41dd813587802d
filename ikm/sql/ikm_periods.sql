-- ikm_periods: every quarter and semester from the first to the last survey
-- response of the region: period (2023-Q1, 2023-S1), kind, starts
-- (included) and ends (excluded), local times.
WITH span AS (
    SELECT min(submitted_at) AS first, max(submitted_at) AS last
    FROM survey_responses
    WHERE region_code = (SELECT region_code FROM kpi_settings)
),
quarters AS (
    SELECT unnest(generate_series(date_trunc('quarter', first), last, INTERVAL 3 MONTH)) AS starts
    FROM span WHERE first IS NOT NULL
)
SELECT year(starts) || '-Q' || quarter(starts) AS period, 'quarter' AS kind,
       starts, starts + INTERVAL 3 MONTH AS ends
FROM quarters
UNION ALL
SELECT DISTINCT year(starts) || '-S' || (CASE WHEN month(starts) <= 6 THEN 1 ELSE 2 END), 'semester',
       make_timestamp(year(starts), CASE WHEN month(starts) <= 6 THEN 1 ELSE 7 END, 1, 0, 0, 0),
       make_timestamp(year(starts), CASE WHEN month(starts) <= 6 THEN 1 ELSE 7 END, 1, 0, 0, 0) + INTERVAL 6 MONTH
FROM quarters
