-- A hand-made survey for the IKM tests (PermenPANRB 14/2017): two offices,
-- KEC-01 (kecamatan 32.16.01) and KEC-02 (32.16.02), two semesters, 2022-S2
-- and 2023-S1, 39 responses. u8 (penanganan pengaduan) is left blank by some
-- respondents, as people who never complained do. Every value the tests
-- expect is worked out by hand in README.md beside this file.
--
-- Columns: region, id, office, submitted_at, service, sex, age_band,
-- education, occupation, u1..u9, suggestion, suggestion_topic, load_id.
INSERT INTO survey_responses VALUES
-- KEC-01 2022-S2: 8 responses; u8 left blank by 2
('3216', 'R01', 'KEC-01', '2022-08-01 09:00', 'ktp_el', 'p', '25-34', 'S1', 'Karyawan swasta', 4, 4, 4, 4, 4, 4, 4, 3, 4, 'Petugas kurang ramah', 'etiquette', 1),
('3216', 'R02', 'KEC-01', '2022-08-02 10:00', 'ktp_el', 'l', '35-44', 'SMP', 'Ibu rumah tangga', 4, 4, 4, 4, 4, 4, 4, 3, 4, 'Antrean terlalu lama', 'waiting_time', 1),
('3216', 'R03', 'KEC-01', '2022-08-03 11:00', 'ktp_el', 'p', '45-54', 'D3', 'Pelajar/mahasiswa', 4, 4, 4, 4, 4, 4, 4, 3, 4, 'Aplikasi Sitepak sering error', 'online_service', 1),
('3216', 'R04', 'KEC-01', '2022-08-04 12:00', 'ktp_el', 'l', '55+', 'SMA', 'PNS', 4, 4, 4, 4, 4, 4, 4, 3, 4, NULL, NULL, 1),
('3216', 'R05', 'KEC-01', '2022-08-05 13:00', 'ktp_el', 'p', '17-24', 'S1', 'Wiraswasta', 4, 4, 4, 4, 3, 4, 3, 2, 4, NULL, NULL, 1),
('3216', 'R06', 'KEC-01', '2022-08-06 14:00', 'ktp_el', 'l', '25-34', 'SMP', 'Karyawan swasta', 4, 3, 3, 4, 3, 3, 3, 2, 4, 'Terima kasih, pelayanan baik', 'other', 1),
('3216', 'R07', 'KEC-01', '2022-08-07 15:00', 'ktp_el', 'p', '35-44', 'D3', 'Ibu rumah tangga', 3, 3, 3, 3, 3, 3, 3, NULL, 3, NULL, NULL, 1),
('3216', 'R08', 'KEC-01', '2022-08-08 09:00', 'ktp_el', 'l', '45-54', 'SMA', 'Pelajar/mahasiswa', 3, 3, 3, 3, 3, 3, 3, NULL, 3, 'Blangko KTP sering habis, mohon ditambah', 'blanko', 1),
-- KEC-02 2022-S2: 10 responses; u8 left blank by 1
('3216', 'R09', 'KEC-02', '2022-09-05 09:00', 'ktp_el', 'p', '55+', 'S1', 'PNS', 4, 4, 4, 4, 4, 4, 4, 3, 4, 'Petugas kurang ramah', 'etiquette', 1),
('3216', 'R10', 'KEC-02', '2022-09-06 10:00', 'ktp_el', 'l', '17-24', 'SMP', 'Wiraswasta', 4, 4, 4, 4, 4, 4, 4, 3, 4, 'Antrean terlalu lama', 'waiting_time', 1),
('3216', 'R11', 'KEC-02', '2022-09-07 11:00', 'ktp_el', 'p', '25-34', 'D3', 'Karyawan swasta', 4, 4, 4, 4, 4, 4, 4, 3, 4, 'Aplikasi Sitepak sering error', 'online_service', 1),
('3216', 'R12', 'KEC-02', '2022-09-08 12:00', 'ktp_el', 'l', '35-44', 'SMA', 'Ibu rumah tangga', 4, 4, 4, 4, 4, 4, 4, 3, 4, NULL, NULL, 1),
('3216', 'R13', 'KEC-02', '2022-09-09 13:00', 'ktp_el', 'p', '45-54', 'S1', 'Pelajar/mahasiswa', 4, 4, 4, 4, 4, 4, 4, 3, 4, NULL, NULL, 1),
('3216', 'R14', 'KEC-02', '2022-09-10 14:00', 'ktp_el', 'l', '55+', 'SMP', 'PNS', 4, 4, 4, 4, 4, 4, 3, 3, 3, 'Terima kasih, pelayanan baik', 'other', 1),
('3216', 'R15', 'KEC-02', '2022-09-11 15:00', 'ktp_el', 'p', '17-24', 'D3', 'Wiraswasta', 4, 3, 3, 4, 3, 4, 3, 3, 3, NULL, NULL, 1),
('3216', 'R16', 'KEC-02', '2022-09-12 09:00', 'ktp_el', 'l', '25-34', 'SMA', 'Karyawan swasta', 3, 3, 3, 3, 3, 3, 3, 3, 3, 'Blangko KTP sering habis, mohon ditambah', 'blanko', 1),
('3216', 'R17', 'KEC-02', '2022-09-13 10:00', 'ktp_el', 'p', '35-44', 'S1', 'Ibu rumah tangga', 3, 3, 3, 3, 3, 3, 3, 2, 3, 'Petugas kurang ramah', 'etiquette', 1),
('3216', 'R18', 'KEC-02', '2022-09-14 11:00', 'ktp_el', 'l', '45-54', 'SMP', 'Pelajar/mahasiswa', 3, 3, 3, 3, 3, 3, 3, NULL, 3, 'Antrean terlalu lama', 'waiting_time', 1),
-- KEC-01 2023-S1: 10 responses; u8 left blank by 2
('3216', 'R19', 'KEC-01', '2023-02-06 09:00', 'ktp_el', 'p', '55+', 'D3', 'PNS', 4, 4, 3, 4, 3, 4, 3, 4, 3, 'Aplikasi Sitepak sering error', 'online_service', 1),
('3216', 'R20', 'KEC-01', '2023-02-07 10:00', 'ktp_el', 'l', '17-24', 'SMA', 'Wiraswasta', 4, 4, 3, 4, 3, 4, 3, 4, 3, NULL, NULL, 1),
('3216', 'R21', 'KEC-01', '2023-02-08 11:00', 'ktp_el', 'p', '25-34', 'S1', 'Karyawan swasta', 3, 3, 3, 4, 3, 3, 3, 4, 3, NULL, NULL, 1),
('3216', 'R22', 'KEC-01', '2023-02-09 12:00', 'ktp_el', 'l', '35-44', 'SMP', 'Ibu rumah tangga', 3, 3, 3, 4, 3, 3, 3, 3, 3, 'Terima kasih, pelayanan baik', 'other', 1),
('3216', 'R23', 'KEC-01', '2023-02-10 13:00', 'ktp_el', 'p', '45-54', 'D3', 'Pelajar/mahasiswa', 3, 3, 3, 4, 3, 3, 3, 3, 3, NULL, NULL, 1),
('3216', 'R24', 'KEC-01', '2023-02-11 14:00', 'ktp_el', 'l', '55+', 'SMA', 'PNS', 3, 3, 3, 3, 2, 3, 3, 3, 3, 'Blangko KTP sering habis, mohon ditambah', 'blanko', 1),
('3216', 'R25', 'KEC-01', '2023-02-12 15:00', 'ktp_el', 'p', '17-24', 'S1', 'Wiraswasta', 3, 3, 2, 3, 2, 3, 3, 3, 3, 'Petugas kurang ramah', 'etiquette', 1),
('3216', 'R26', 'KEC-01', '2023-02-13 09:00', 'ktp_el', 'l', '25-34', 'SMP', 'Karyawan swasta', 3, 3, 2, 3, 2, 3, 3, 3, 3, 'Antrean terlalu lama', 'waiting_time', 1),
('3216', 'R27', 'KEC-01', '2023-02-14 10:00', 'ktp_el', 'p', '35-44', 'D3', 'Ibu rumah tangga', 3, 3, 2, 3, 2, 3, 3, NULL, 3, 'Aplikasi Sitepak sering error', 'online_service', 1),
('3216', 'R28', 'KEC-01', '2023-02-15 11:00', 'ktp_el', 'l', '45-54', 'SMA', 'Pelajar/mahasiswa', 3, 3, 2, 3, 2, 3, 3, NULL, 3, NULL, NULL, 1),
-- KEC-02 2023-S1: 11 responses; u8 left blank by 3
('3216', 'R29', 'KEC-02', '2023-03-06 09:00', 'ktp_el', 'p', '55+', 'S1', 'PNS', 4, 4, 3, 4, 3, 4, 4, 3, 4, NULL, NULL, 1),
('3216', 'R30', 'KEC-02', '2023-03-07 10:00', 'ktp_el', 'l', '17-24', 'SMP', 'Wiraswasta', 4, 4, 3, 4, 3, 4, 3, 2, 4, 'Terima kasih, pelayanan baik', 'other', 1),
('3216', 'R31', 'KEC-02', '2023-03-08 11:00', 'ktp_el', 'p', '25-34', 'D3', 'Karyawan swasta', 4, 4, 3, 4, 3, 4, 3, 2, 4, NULL, NULL, 1),
('3216', 'R32', 'KEC-02', '2023-03-09 12:00', 'ktp_el', 'l', '35-44', 'SMA', 'Ibu rumah tangga', 4, 3, 3, 4, 3, 4, 3, 2, 4, 'Blangko KTP sering habis, mohon ditambah', 'blanko', 1),
('3216', 'R33', 'KEC-02', '2023-03-10 13:00', 'ktp_el', 'p', '45-54', 'S1', 'Pelajar/mahasiswa', 3, 3, 3, 4, 3, 3, 3, 2, 3, 'Petugas kurang ramah', 'etiquette', 1),
('3216', 'R34', 'KEC-02', '2023-03-11 14:00', 'ktp_el', 'l', '55+', 'SMP', 'PNS', 3, 3, 3, 4, 3, 3, 3, 2, 3, 'Antrean terlalu lama', 'waiting_time', 1),
('3216', 'R35', 'KEC-02', '2023-03-12 15:00', 'ktp_el', 'p', '17-24', 'D3', 'Wiraswasta', 3, 3, 3, 4, 3, 3, 3, 2, 3, 'Aplikasi Sitepak sering error', 'online_service', 1),
('3216', 'R36', 'KEC-02', '2023-03-13 09:00', 'ktp_el', 'l', '25-34', 'SMA', 'Karyawan swasta', 3, 3, 3, 3, 2, 3, 3, 2, 3, NULL, NULL, 1),
('3216', 'R37', 'KEC-02', '2023-03-14 10:00', 'ktp_el', 'p', '35-44', 'S1', 'Ibu rumah tangga', 3, 3, 2, 3, 2, 3, 3, NULL, 3, NULL, NULL, 1),
('3216', 'R38', 'KEC-02', '2023-03-15 11:00', 'ktp_el', 'l', '45-54', 'SMP', 'Pelajar/mahasiswa', 3, 3, 2, 3, 2, 3, 3, NULL, 3, 'Terima kasih, pelayanan baik', 'other', 1),
('3216', 'R39', 'KEC-02', '2023-03-16 12:00', 'ktp_el', 'p', '55+', 'D3', 'PNS', 3, 3, 2, 3, 2, 3, 3, NULL, 3, NULL, NULL, 1);

-- Service events, for N (the applications each office served in the
-- semester): one 'submitted' event per application, except where noted.
--   KEC-01 2022-S2:  8 applications (A1-01..A1-08)
--   KEC-02 2022-S2: 12 applications (A2-01..A2-12)
--   KEC-01 2023-S1: 10 applications (B1-01..B1-09 and SHARED)
--   KEC-02 2023-S1: 40 applications (B2-01..B2-39 and SHARED)
-- SHARED was submitted at KEC-01 and recorded at KEC-02: it counts once for
-- each office and once (not twice) for the region: region 2023-S1 N = 49.
-- B1-01 has two events at KEC-01: it still counts once.
INSERT INTO service_events (region_code, event_id, application_id, event_time, service, stage, office_code, channel, load_id)
SELECT '3216', 'e-A1-' || i, 'A1-' || lpad(i::VARCHAR, 2, '0'), TIMESTAMP '2022-09-01 09:00' + i * INTERVAL 1 DAY, 'kk', 'submitted', 'KEC-01', 'counter', 1 FROM range(1, 9) t(i)
UNION ALL
SELECT '3216', 'e-A2-' || i, 'A2-' || lpad(i::VARCHAR, 2, '0'), TIMESTAMP '2022-10-01 09:00' + i * INTERVAL 1 DAY, 'kk', 'submitted', 'KEC-02', 'counter', 1 FROM range(1, 13) t(i)
UNION ALL
SELECT '3216', 'e-B1-' || i, 'B1-' || lpad(i::VARCHAR, 2, '0'), TIMESTAMP '2023-02-01 09:00' + i * INTERVAL 1 DAY, 'kk', 'submitted', 'KEC-01', 'counter', 1 FROM range(1, 10) t(i)
UNION ALL
SELECT '3216', 'e-B2-' || i, 'B2-' || lpad(i::VARCHAR, 2, '0'), TIMESTAMP '2023-03-01 09:00' + i * INTERVAL 1 DAY, 'kk', 'submitted', 'KEC-02', 'counter', 1 FROM range(1, 40) t(i)
UNION ALL
SELECT * FROM (VALUES
    ('3216', 'e-B1-1b', 'B1-01', TIMESTAMP '2023-02-03 10:00', 'kk', 'issued', 'KEC-01', 'counter', 1),
    ('3216', 'e-S-1', 'SHARED', TIMESTAMP '2023-04-03 09:00', 'ktp_el', 'submitted', 'KEC-01', 'online', 1),
    ('3216', 'e-S-2', 'SHARED', TIMESTAMP '2023-04-05 09:00', 'ktp_el', 'recorded', 'KEC-02', 'counter', 1)
);
