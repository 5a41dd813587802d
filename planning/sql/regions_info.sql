-- regions_info: the regions with any fact row (those kpi_weekly holds), with
-- their name, province and population from the reference: what the
-- province and national report lists. A region the regions table does not
-- know is named by its code, with no province name or population.
-- Read by planning.RegionsInfo (region_facts: over many lakes a table made
-- from their manifests). parameters: none.
WITH f AS (SELECT region_code FROM region_facts)
SELECT f.region_code,
       coalesce(r.name, f.region_code) AS name,
       coalesce(r.province_code, left(f.region_code, 2)) AS province_code,
       coalesce(p.name, '') AS province_name,
       coalesce(r.population, 0) AS population
FROM f
LEFT JOIN regions r USING (region_code)
LEFT JOIN provinces p ON p.province_code = coalesce(r.province_code, left(f.region_code, 2))
ORDER BY f.region_code
