-- The survey periods stored under the settings $settings: region, period and
-- the signature of the responses they were made from.
SELECT DISTINCT region_code, period, responses
FROM survey_stored
WHERE settings = $settings AND part = 'results'
