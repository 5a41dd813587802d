-- 0004_load_conflicts: how many rows of each load re-sent an id that names
-- another row (another application, office or date: DESIGN.md §4). They are
-- rejected as id_conflict (and counted in rows_rejected too) unless the load
-- was given --replace; then they replaced the stored rows (and count as
-- updated). NULL for loads before this column existed.
ALTER TABLE load_runs ADD COLUMN rows_conflicted BIGINT;
