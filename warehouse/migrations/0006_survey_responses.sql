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

-- The settings of the index (metrics.Install rewrites the rows from
-- pantau.yaml's ikm section and ikm.yaml): the regulation followed, the
-- element weight as a fraction, the alert thresholds in hundredths, and the
-- regulation's grade table in hundredths of an index point.
CREATE TABLE survey_settings (
    regulation   TEXT NOT NULL,
    weight       TEXT NOT NULL,           -- exact (1/9) or 0.111
    weight_num   BIGINT NOT NULL,
    weight_den   BIGINT NOT NULL,
    alert_ikm100 BIGINT NOT NULL,
    alert_nrr100 BIGINT NOT NULL
);

CREATE TABLE survey_grades (
    grade   TEXT NOT NULL,
    from100 BIGINT NOT NULL,
    to100   BIGINT NOT NULL
);
