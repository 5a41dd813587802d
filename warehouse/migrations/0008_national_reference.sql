-- 0008_national_reference: every province, regency/city and kecamatan of
-- Indonesia (reference/data/indonesia). regions gains its province and
-- population (per-10k rates and national weighting use it); provinces is
-- new. The rows themselves are seeded from the embedded reference right after
-- this migration (warehouse/seed.go, seedNation): Kabupaten Bekasi keeps its
-- 30 real offices and detailed kecamatan, every other region gets the
-- standard office set (<region>-DINAS, <region>-KEC-NN, <region>-ONLINE).
-- A warehouse made before 0008 (only 3216 seeded) gains the other regions
-- here; rows already present (loaded or overridden) are kept.
ALTER TABLE regions ADD COLUMN province_code TEXT;
ALTER TABLE regions ADD COLUMN population BIGINT;

CREATE TABLE provinces (
    province_code TEXT PRIMARY KEY,   -- two digits, 32
    name          TEXT NOT NULL,
    time_zone     TEXT NOT NULL,      -- Asia/Jakarta (WIB), Asia/Makassar (WITA), Asia/Jayapura (WIT)
    population    BIGINT
);
