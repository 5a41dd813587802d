-- The stored plans have caught up with every note.
DELETE FROM stored_plans_dirty
