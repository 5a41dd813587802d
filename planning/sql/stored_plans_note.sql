-- The notes of kpi_dirty, kept for the stored plans before the KPI refresh
-- clears them.
INSERT INTO stored_plans_dirty SELECT region_code, from_date FROM kpi_dirty
