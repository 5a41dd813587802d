-- The earliest date each region's stored plans must be made again from
-- ('*': every region).
SELECT region_code, min(from_date) AS from_date FROM stored_plans_dirty GROUP BY region_code
