-- Drops the track record of one region as of one date, before it is stored
-- again.
DELETE FROM forecast_track WHERE region_code = ? AND as_of = ?::DATE
