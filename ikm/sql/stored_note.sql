-- The notes of kpi_dirty, kept for the stored survey before the KPI refresh
-- clears them.
INSERT INTO survey_stored_dirty SELECT region_code, from_date FROM kpi_dirty
