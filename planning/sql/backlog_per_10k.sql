-- backlog_per_10k: the KTP-el print backlog per 10,000 people at the end of
-- each week, for each region, its province and the nation, from summed
-- numerators and denominators: a province's rate is the sum of its regions'
-- backlogs over the sum of their populations, never a mean of the regions'
-- rates. Only regions with a known population (> 0) and a stored backlog
-- count, in both the numerator and the denominator.
-- Read by planning.BacklogPer10k.
-- parameters: $first TEXT and $last TEXT (weeks), $regions (comma-separated
-- TEXT; '' is every region).
WITH b AS (
    SELECT k.week, k.scope_id AS region_code, coalesce(r.province_code, left(k.scope_id, 2)) AS province_code,
           k.value AS backlog, r.population
    FROM kpi_weekly k
    JOIN regions r ON r.region_code = k.scope_id
    WHERE k.scope = 'region' AND k.kpi = 'print_backlog'
      AND k.week BETWEEN $first AND $last
      AND k.value IS NOT NULL AND r.population > 0
      AND ($regions = '' OR k.scope_id IN (SELECT unnest(string_split($regions, ','))))
)
SELECT week,
       CASE WHEN grouping(region_code) = 0 THEN 'region'
            WHEN grouping(province_code) = 0 THEN 'province'
            ELSE 'national' END AS scope,
       CASE WHEN grouping(region_code) = 0 THEN region_code
            WHEN grouping(province_code) = 0 THEN province_code
            ELSE 'ID' END AS scope_id,
       sum(backlog)::DOUBLE AS backlog,
       sum(population)::DOUBLE AS population,
       sum(backlog) * 10000.0 / sum(population) AS per_10k
FROM b
GROUP BY GROUPING SETS ((week, province_code, region_code), (week, province_code), (week))
ORDER BY week, scope, scope_id
