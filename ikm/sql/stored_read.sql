-- One part of the stored survey of region $region in period $period under
-- the settings $settings; none when the region's responses from $starts (the
-- period before's start) to before $ends (the period's end) are no longer
-- those it was made from (their count and latest load: a response loaded
-- or replaced since takes a later load id, one replaced away lowers the
-- count), or when a load since touched the period or an
-- earlier date and the stored survey has not yet caught up (kpi_dirty,
-- survey_stored_dirty).
SELECT data::VARCHAR AS data
FROM survey_stored
WHERE region_code = $region AND period = $period AND part = $part AND settings = $settings
  AND responses = (
      SELECT count(*)::VARCHAR || ':' || coalesce(max(load_id), 0)::VARCHAR
      FROM survey_responses
      WHERE region_code = $region AND submitted_at >= $starts::TIMESTAMP AND submitted_at < $ends::TIMESTAMP)
  AND NOT EXISTS (SELECT 1 FROM kpi_dirty d WHERE d.region_code IN ($region, '*') AND d.from_date <= period_end)
  AND NOT EXISTS (SELECT 1 FROM survey_stored_dirty d WHERE d.region_code IN ($region, '*') AND d.from_date <= period_end)
