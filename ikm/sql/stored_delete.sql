-- Drops the stored survey of one region in one period, before it is stored
-- again.
DELETE FROM survey_stored WHERE region_code = ? AND period = ?
