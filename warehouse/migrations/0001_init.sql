-- 0001_init: reference tables, fact tables, load bookkeeping.
-- Timestamps are the local wall time of the row's region (regions.time_zone);
-- dates are local dates. Every fact row carries region_code.

CREATE TABLE regions (
    region_code TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    time_zone   TEXT NOT NULL
);

CREATE TABLE kecamatan (
    region_code       TEXT NOT NULL,
    kecamatan_code    TEXT PRIMARY KEY,   -- Kemendagri code with dots, 32.16.01
    bps_code          TEXT,
    name              TEXT NOT NULL,
    desa_count        INTEGER,
    population        BIGINT,             -- NULL when no sourced figure exists
    population_source TEXT,
    voters_2024       BIGINT
);

CREATE TABLE kecamatan_aliases (
    alias          TEXT NOT NULL,
    kecamatan_code TEXT NOT NULL
);

CREATE TABLE offices (
    office_code    TEXT PRIMARY KEY,
    region_code    TEXT NOT NULL,
    name           TEXT NOT NULL,
    type           TEXT NOT NULL,         -- dinas, kecamatan, mpp, mobile, online
    kecamatan_code TEXT
);

CREATE TABLE holidays (
    date   DATE PRIMARY KEY,
    kind   TEXT NOT NULL,                 -- national_holiday or cuti_bersama
    name   TEXT NOT NULL,
    decree TEXT
);

CREATE SEQUENCE load_id_seq START 1;

CREATE TABLE load_runs (
    load_id       BIGINT PRIMARY KEY,
    file          TEXT NOT NULL,
    file_hash     TEXT NOT NULL,          -- SHA-256 of the file's bytes
    kind          TEXT,
    format        TEXT,
    rows_read     BIGINT,
    rows_inserted BIGINT,
    rows_updated  BIGINT,
    rows_rejected BIGINT,
    started_at    TIMESTAMPTZ NOT NULL,
    finished_at   TIMESTAMPTZ,
    status        TEXT NOT NULL,          -- loaded, failed
    error         TEXT
);

CREATE TABLE rejects (
    load_id BIGINT NOT NULL,
    file    TEXT NOT NULL,
    line    BIGINT,
    "column" TEXT,
    value   TEXT,                         -- masked for nik
    reason  TEXT NOT NULL
);

-- Fact tables have no PRIMARY KEY: ids are kept unique by the loader's merge,
-- which is much faster for millions of rows than an ART index.
CREATE TABLE service_events (
    region_code    TEXT NOT NULL,
    event_id       TEXT NOT NULL,
    application_id TEXT NOT NULL,
    event_time     TIMESTAMP NOT NULL,
    service        TEXT NOT NULL,
    request_type   TEXT,
    stage          TEXT NOT NULL,
    interim_type   TEXT,
    office_code    TEXT NOT NULL,
    channel        TEXT,
    staff_id       TEXT,
    nik_hash       TEXT,                  -- HMAC-SHA256 of the NIK; the NIK itself is never stored
    load_id        BIGINT NOT NULL
);

CREATE TABLE blanko_deliveries (
    region_code        TEXT NOT NULL,
    delivery_id        TEXT NOT NULL,
    office_code        TEXT NOT NULL,
    requested_at       DATE,
    quantity_requested BIGINT,
    received_at        DATE,              -- NULL: still on order
    quantity_received  BIGINT,            -- negative only for the sender of a transfer
    source             TEXT NOT NULL,
    reference          TEXT,
    load_id            BIGINT NOT NULL
);

CREATE TABLE blanko_stock_counts (
    region_code      TEXT NOT NULL,
    office_code      TEXT NOT NULL,
    counted_at       DATE NOT NULL,
    quantity_on_hand BIGINT NOT NULL,
    load_id          BIGINT NOT NULL
);

CREATE TABLE complaints (
    region_code       TEXT NOT NULL,
    complaint_id      TEXT NOT NULL,
    received_at       TIMESTAMP NOT NULL,
    channel           TEXT NOT NULL,
    category          TEXT NOT NULL,
    classified_by     TEXT NOT NULL,      -- source or rules
    tier              TEXT NOT NULL,
    office_code       TEXT,
    staff_ref         TEXT,               -- never shown in the leadership report
    text              TEXT,               -- phone numbers and NIKs masked on ingest
    first_response_at TIMESTAMP,
    resolved_at       TIMESTAMP,
    status            TEXT NOT NULL,
    load_id           BIGINT NOT NULL
);
