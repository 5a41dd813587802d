-- Stores one scope's track record.
INSERT INTO forecast_track (region_code, as_of, scope, scope_id, ord, settings, track)
VALUES (?, ?::DATE, ?, ?, ?, ?, ?::JSON)
