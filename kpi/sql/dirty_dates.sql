-- dirty_dates: the earliest date each region's loads touched since its
-- stored KPIs were last recomputed (kpi_dirty; '*', everything, is read
-- apart). Read by kpi.Refresh. parameters: none.
SELECT region_code, min(from_date) AS from_date
FROM kpi_dirty
WHERE region_code <> '*'
GROUP BY ALL
