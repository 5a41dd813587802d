-- 0006_survey_responses: the citizen satisfaction survey (Survei Kepuasan
-- Masyarakat, PermenPANRB 14/2017). One row per questionnaire; the nine
-- elements u1..u9 are scored 1 (tidak baik) to 4 (sangat baik), NULL when
-- the respondent left the element blank. Like the other facts, no primary
-- key: response_id is kept unique by the loader's merge.
CREATE TABLE survey_responses (
    region_code      TEXT NOT NULL,
    response_id      TEXT NOT NULL,
    office_code      TEXT NOT NULL,
    submitted_at     TIMESTAMP NOT NULL,
    service          TEXT,
    sex              TEXT,                -- l (laki-laki) or p (perempuan)
    age_band         TEXT,
    education        TEXT,
    occupation       TEXT,
    u1               TINYINT,             -- persyaratan
    u2               TINYINT,             -- sistem, mekanisme, dan prosedur
    u3               TINYINT,             -- waktu penyelesaian
    u4               TINYINT,             -- biaya/tarif
    u5               TINYINT,             -- produk spesifikasi jenis pelayanan
    u6               TINYINT,             -- kompetensi pelaksana
    u7               TINYINT,             -- perilaku pelaksana
    u8               TINYINT,             -- penanganan pengaduan, saran dan masukan
    u9               TINYINT,             -- sarana dan prasarana
    suggestion       TEXT,                -- phone numbers and NIKs masked on ingest
    suggestion_topic TEXT,                -- complaint category of the suggestion, from the keyword classifier
    load_id          BIGINT NOT NULL
);
