-- 0007_office_short_name: a short form of each office's name for where space
-- is short (a phone-width table, a chart legend): "Dinas", "Kec. Babelan",
-- "MPP Lotte", "Mobil 1", "Daring". The warehouse fills it from the embedded
-- reference offices right after this migration (seedOfficeShortNames); an
-- office without one is shortened by the reports.
ALTER TABLE offices ADD COLUMN short_name TEXT;
