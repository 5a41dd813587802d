-- The stored survey has caught up with every note.
DELETE FROM survey_stored_dirty
