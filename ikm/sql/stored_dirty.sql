-- The earliest date each region's stored survey must be made again from
-- ('*': every region).
SELECT region_code, min(from_date) AS from_date FROM survey_stored_dirty GROUP BY region_code
