-- 0003_load_runs_size: the size of each loaded file, so that a load can tell
-- cheaply whether a file may have been loaded before (same size) and only
-- then hash it before loading; other files are hashed while they load.
ALTER TABLE load_runs ADD COLUMN file_size BIGINT;
