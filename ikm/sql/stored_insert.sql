-- Stores one part of one region's survey in one period.
INSERT INTO survey_stored (region_code, period, period_end, part, settings, responses, data)
VALUES (?, ?, ?::DATE, ?, ?, ?, ?::JSON)
