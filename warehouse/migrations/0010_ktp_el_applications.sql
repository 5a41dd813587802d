-- 0010_ktp_el_applications: the KTP-el applications grouped from
-- service_events (metrics/sql/application_firsts.sql), with the columns the
-- KPIs, forecasts and checks read, kept by metrics.Refresh so that a load of
-- one more week regroups only the applications it touched instead of a
-- region's whole history. Settings do not enter it (working days are joined
-- when read). The note in kpi_dirty fills it at the next refresh.
CREATE TABLE ktp_el_applications (
    region_code       TEXT NOT NULL,
    application_id    TEXT NOT NULL,
    service           TEXT NOT NULL,
    office_code       TEXT,
    print_office_code TEXT,
    submitted_at      TIMESTAMP,
    recorded_at       TIMESTAMP,
    print_ready_at    TIMESTAMP,
    printed_at        TIMESTAMP,
    issued_at         TIMESTAMP,
    interim_issued_at TIMESTAMP,
    rejected_at       TIMESTAMP,
    cancelled_at      TIMESTAMP,
    first_event_at    TIMESTAMP NOT NULL,
    last_event_at     TIMESTAMP NOT NULL
);

INSERT INTO kpi_dirty VALUES ('*', DATE '1900-01-01');
