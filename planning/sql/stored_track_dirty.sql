-- The earliest date each region's own facts changed from, as the loads
-- noted it ('*': every region): a track record scores the region's own
-- series only, so only these regions' track records are made again.
SELECT region_code, min(from_date) AS from_date
FROM stored_plans_dirty
GROUP BY region_code
