-- A hand-made warehouse for the KPI tests: two offices, DINAS (D, kecamatan
-- 32.16.20) and KEC-01 (K, kecamatan 32.16.01), over ISO weeks 2023-W11
-- (13–19 March), 2023-W12 (20–26 March: Nyepi on Wed 22 March is a national
-- holiday, Thu 23 March is cuti bersama) and 2023-W13 (27 March – 2 April),
-- with a few older rows. Expected values, with their arithmetic: expected.txt.
--
-- Working-day number N(d) = working days from 1 March 2023 to d (cuti
-- bersama off); workdays(a, b) = N(b) - N(a):
--   Mar 1:1 2:2 3:3 6:4 7:5 8:6 9:7 10:8 13:9 14:10 15:11 16:12 17:13 (Sun 19:13)
--   20:14 21:15 22:15 23:15 24:16 (Sun 26:16) 27:17 28:18 29:19 30:20 31:21 (Sun Apr 2:21)
-- A9 was recorded 2022-12-28: working days Dec 29–30 (2), January 2023 (22
-- weekdays less cuti bersama Imlek on the 23rd: 21), February (20), so
-- workdays(Dec 28, d) = 43 + N(d).

-- KTP-el applications A1..A12; B1 (kk), B2 (akta_kelahiran); I1..I3 (ikd).
INSERT INTO service_events (region_code, event_id, application_id, event_time, service, stage, interim_type, office_code, channel, load_id) VALUES
-- A1 (K): recorded Mar 6, printed Mar 14 (W11): lead N(14)-N(6) = 10-4 = 6
('3216', 'A1-1', 'A1', '2023-03-06 08:00', 'ktp_el', 'submitted',   NULL, 'KEC-01', 'counter', 1),
('3216', 'A1-2', 'A1', '2023-03-06 09:00', 'ktp_el', 'recorded',    NULL, 'KEC-01', 'counter', 1),
('3216', 'A1-3', 'A1', '2023-03-07 10:00', 'ktp_el', 'print_ready', NULL, 'KEC-01', 'counter', 1),
('3216', 'A1-4', 'A1', '2023-03-14 10:00', 'ktp_el', 'printed',     NULL, 'KEC-01', 'counter', 1),
('3216', 'A1-5', 'A1', '2023-03-15 09:00', 'ktp_el', 'issued',      NULL, 'KEC-01', 'counter', 1),
-- A2 (K): submitted online, recorded Mar 13, printed Mar 16: lead 12-9 = 3
('3216', 'A2-1', 'A2', '2023-03-13 08:30', 'ktp_el', 'submitted',   NULL, 'KEC-01', 'online',  1),
('3216', 'A2-2', 'A2', '2023-03-13 09:00', 'ktp_el', 'recorded',    NULL, 'KEC-01', 'counter', 1),
('3216', 'A2-3', 'A2', '2023-03-13 14:00', 'ktp_el', 'print_ready', NULL, 'KEC-01', 'counter', 1),
('3216', 'A2-4', 'A2', '2023-03-16 11:00', 'ktp_el', 'printed',     NULL, 'KEC-01', 'counter', 1),
('3216', 'A2-5', 'A2', '2023-03-17 10:00', 'ktp_el', 'issued',      NULL, 'KEC-01', 'counter', 1),
-- A3 (K): recorded Mar 14, ready Mar 20, a Suket the same day, never printed
('3216', 'A3-1', 'A3', '2023-03-14 08:00', 'ktp_el', 'submitted',   NULL, 'KEC-01', 'counter', 1),
('3216', 'A3-2', 'A3', '2023-03-14 08:30', 'ktp_el', 'recorded',    NULL, 'KEC-01', 'counter', 1),
('3216', 'A3-3', 'A3', '2023-03-20 09:00', 'ktp_el', 'print_ready', NULL, 'KEC-01', 'counter', 1),
('3216', 'A3-4', 'A3', '2023-03-20 10:00', 'ktp_el', 'interim_issued', 'suket', 'KEC-01', 'counter', 1),
-- A4 (K): submitted online, recorded Mar 15, rejected (duplicate record) Mar 17
('3216', 'A4-1', 'A4', '2023-03-15 09:00', 'ktp_el', 'submitted',   NULL, 'KEC-01', 'online',  1),
('3216', 'A4-2', 'A4', '2023-03-15 09:30', 'ktp_el', 'recorded',    NULL, 'KEC-01', 'counter', 1),
('3216', 'A4-3', 'A4', '2023-03-17 11:00', 'ktp_el', 'rejected',    NULL, 'KEC-01', 'counter', 1),
-- A5 (D): recorded Mar 8, ready Mar 9; a card spoiled and reprinted Mar 21: lead 15-6 = 9
('3216', 'A5-1', 'A5', '2023-03-08 10:00', 'ktp_el', 'recorded',    NULL, 'DINAS',  'counter', 1),
('3216', 'A5-2', 'A5', '2023-03-09 10:00', 'ktp_el', 'print_ready', NULL, 'DINAS',  'counter', 1),
('3216', 'A5-3', 'A5', '2023-03-21 09:00', 'ktp_el', 'spoiled',     NULL, 'DINAS',  'counter', 1),
('3216', 'A5-4', 'A5', '2023-03-21 10:00', 'ktp_el', 'printed',     NULL, 'DINAS',  'counter', 1),
('3216', 'A5-5', 'A5', '2023-03-24 09:00', 'ktp_el', 'issued',      NULL, 'DINAS',  'counter', 1),
-- A6 (D): submitted online on Sunday Mar 19, recorded Mar 20, printed Mar 27: lead 17-14 = 3
('3216', 'A6-1', 'A6', '2023-03-19 20:00', 'ktp_el', 'submitted',   NULL, 'DINAS',  'online',  1),
('3216', 'A6-2', 'A6', '2023-03-20 10:00', 'ktp_el', 'recorded',    NULL, 'DINAS',  'counter', 1),
('3216', 'A6-3', 'A6', '2023-03-24 11:00', 'ktp_el', 'print_ready', NULL, 'DINAS',  'counter', 1),
('3216', 'A6-4', 'A6', '2023-03-27 09:00', 'ktp_el', 'printed',     NULL, 'DINAS',  'counter', 1),
('3216', 'A6-5', 'A6', '2023-03-28 09:00', 'ktp_el', 'issued',      NULL, 'DINAS',  'counter', 1),
-- A7 (D): recorded Mar 24, cancelled Mar 29
('3216', 'A7-1', 'A7', '2023-03-24 08:00', 'ktp_el', 'submitted',   NULL, 'DINAS',  'counter', 1),
('3216', 'A7-2', 'A7', '2023-03-24 08:30', 'ktp_el', 'recorded',    NULL, 'DINAS',  'counter', 1),
('3216', 'A7-3', 'A7', '2023-03-29 10:00', 'ktp_el', 'cancelled',   NULL, 'DINAS',  'counter', 1),
-- A8 (D): jemput bola (mobile), recorded Mar 27, printed Mar 28: lead 18-17 = 1
('3216', 'A8-1', 'A8', '2023-03-27 08:00', 'ktp_el', 'submitted',   NULL, 'DINAS',  'mobile',  1),
('3216', 'A8-2', 'A8', '2023-03-27 08:30', 'ktp_el', 'recorded',    NULL, 'DINAS',  'mobile',  1),
('3216', 'A8-3', 'A8', '2023-03-28 09:00', 'ktp_el', 'print_ready', NULL, 'DINAS',  'counter', 1),
('3216', 'A8-4', 'A8', '2023-03-28 13:00', 'ktp_el', 'printed',     NULL, 'DINAS',  'counter', 1),
('3216', 'A8-5', 'A8', '2023-03-29 08:00', 'ktp_el', 'issued',      NULL, 'DINAS',  'counter', 1),
-- A9 (K): recorded 2022-12-28, biodata the same day, ready Dec 29, never printed
('3216', 'A9-1', 'A9', '2022-12-28 09:00', 'ktp_el', 'recorded',    NULL, 'KEC-01', 'counter', 1),
('3216', 'A9-2', 'A9', '2022-12-28 10:00', 'ktp_el', 'interim_issued', 'biodata', 'KEC-01', 'counter', 1),
('3216', 'A9-3', 'A9', '2022-12-29 09:00', 'ktp_el', 'print_ready', NULL, 'KEC-01', 'counter', 1),
-- A10 (K): recorded Mar 21, printed Mar 24: lead 16-15 = 1
('3216', 'A10-1', 'A10', '2023-03-21 08:00', 'ktp_el', 'submitted',   NULL, 'KEC-01', 'counter', 1),
('3216', 'A10-2', 'A10', '2023-03-21 10:00', 'ktp_el', 'recorded',    NULL, 'KEC-01', 'counter', 1),
('3216', 'A10-3', 'A10', '2023-03-21 15:00', 'ktp_el', 'print_ready', NULL, 'KEC-01', 'counter', 1),
('3216', 'A10-4', 'A10', '2023-03-24 10:00', 'ktp_el', 'printed',     NULL, 'KEC-01', 'counter', 1),
('3216', 'A10-5', 'A10', '2023-03-24 14:00', 'ktp_el', 'issued',      NULL, 'KEC-01', 'counter', 1),
-- A11 (K): submitted online, recorded Mar 29
('3216', 'A11-1', 'A11', '2023-03-29 09:00', 'ktp_el', 'submitted',   NULL, 'KEC-01', 'online',  1),
('3216', 'A11-2', 'A11', '2023-03-29 10:00', 'ktp_el', 'recorded',    NULL, 'KEC-01', 'counter', 1),
-- A12 (D): recorded Mar 16, ready and an IKD as interim Mar 17, printed Apr 3 (W14)
('3216', 'A12-1', 'A12', '2023-03-16 08:00', 'ktp_el', 'submitted',   NULL, 'DINAS',  'counter', 1),
('3216', 'A12-2', 'A12', '2023-03-16 09:00', 'ktp_el', 'recorded',    NULL, 'DINAS',  'counter', 1),
('3216', 'A12-3', 'A12', '2023-03-17 10:00', 'ktp_el', 'print_ready', NULL, 'DINAS',  'counter', 1),
('3216', 'A12-4', 'A12', '2023-03-17 11:00', 'ktp_el', 'interim_issued', 'ikd', 'DINAS', 'counter', 1),
('3216', 'A12-5', 'A12', '2023-04-03 09:00', 'ktp_el', 'printed',     NULL, 'DINAS',  'counter', 1),
-- B1 (K, kk): submitted online on Saturday Mar 18; printed on paper Mar 20 (no blanko)
('3216', 'B1-1', 'B1', '2023-03-18 10:00', 'kk', 'submitted', NULL, 'KEC-01', 'online',  1),
('3216', 'B1-2', 'B1', '2023-03-20 11:00', 'kk', 'printed',   NULL, 'KEC-01', 'counter', 1),
-- B2 (D, akta_kelahiran): submitted online on the Nyepi holiday, issued Mar 27
('3216', 'B2-1', 'B2', '2023-03-22 21:00', 'akta_kelahiran', 'submitted', NULL, 'DINAS', 'online',  1),
('3216', 'B2-2', 'B2', '2023-03-27 10:00', 'akta_kelahiran', 'issued',    NULL, 'DINAS', 'counter', 1),
-- IKD activations
('3216', 'I1-1', 'I1', '2023-03-15 10:00', 'ikd', 'ikd_activated', NULL, 'DINAS',  'counter', 1),
('3216', 'I2-1', 'I2', '2023-03-28 11:00', 'ikd', 'ikd_activated', NULL, 'DINAS',  'counter', 1),
('3216', 'I3-1', 'I3', '2023-03-28 14:00', 'ikd', 'ikd_activated', NULL, 'KEC-01', 'counter', 1);

-- Blanko: D gets 10 on Mar 1 and sends 3 to K on Mar 13; K gets 5 on Mar 10,
-- the day of its first count (the count already includes them); 50 more are
-- on order for D (not received: not stock).
INSERT INTO blanko_deliveries (region_code, delivery_id, office_code, requested_at, quantity_requested, received_at, quantity_received, source, reference, load_id) VALUES
('3216', 'DL-1',   'DINAS',  '2023-02-01', 20,   '2023-03-01', 10,   'kemendagri', 'B/123/2023', 1),
('3216', 'DL-2',   'KEC-01', '2023-03-01', 5,    '2023-03-10', 5,    'provinsi',   NULL,         1),
('3216', 'TR-1-D', 'DINAS',  NULL,         NULL, '2023-03-13', -3,   'transfer',   'TR-1',       1),
('3216', 'TR-1-K', 'KEC-01', NULL,         NULL, '2023-03-13', 3,    'transfer',   'TR-1',       1),
('3216', 'DL-3',   'DINAS',  '2023-03-27', 50,   NULL,         NULL, 'kemendagri', NULL,         1);

-- Stock opname at K: 2 cards at the end of Mar 10; 1 card at the end of
-- Mar 24 (the book says 2: 2 + 3 - 1 - 1 - 1).
INSERT INTO blanko_stock_counts (region_code, office_code, counted_at, quantity_on_hand, load_id) VALUES
('3216', 'KEC-01', '2023-03-10', 2, 1),
('3216', 'KEC-01', '2023-03-24', 1, 1);

INSERT INTO complaints (region_code, complaint_id, received_at, channel, category, classified_by, tier, office_code, staff_ref, text, first_response_at, resolved_at, status, load_id) VALUES
-- C1 (K): answered after 1.5 h and resolved the day it came: 0 working days, within ringan's 2
('3216', 'C1', '2023-03-13 08:00', 'counter',      'waiting_time', 'source', 'ringan',           'KEC-01', NULL, 'antre lama',           '2023-03-13 09:30', '2023-03-13 15:00', 'resolved',    1),
-- C2 (D): answered after 24 h, resolved Mar 24: N(24)-N(14) = 16-10 = 6 > normatif's 5
('3216', 'C2', '2023-03-14 10:00', 'instagram',    'blanko',       'rules',  'normatif',         'DINAS',  NULL, 'blangko habis terus',  '2023-03-15 10:00', '2023-03-24 12:00', 'resolved',    1),
-- C3 (K): pungli, answered after 96 h, still in progress
('3216', 'C3', '2023-03-16 08:00', 'saber_pungli', 'pungli',       'source', 'pengawasan',       'KEC-01', 'R.', 'dimintai uang',        '2023-03-20 08:00', NULL,               'in_progress', 1),
-- C4 (no office): answered after 24 h, still open
('3216', 'C4', '2023-03-20 13:00', 'instagram',    'blanko',       'rules',  'ringan',           NULL,     NULL, 'ktp belum jadi',       '2023-03-21 13:00', NULL,               'open',        1),
-- C5 (D): came on the Nyepi holiday, answered after 37 h, resolved Mar 27: 17-15 = 2
('3216', 'C5', '2023-03-22 19:00', 'whatsapp',     'etiquette',    'source', 'normatif',         'DINAS',  'B.', 'petugas tidak ramah',  '2023-03-24 08:00', '2023-03-27 10:00', 'resolved',    1),
-- C6 (D): pungli, answered after 24 h and rejected (closed Mar 29)
('3216', 'C6', '2023-03-28 10:00', 'lapor',        'pungli',       'source', 'tanpa_pengawasan', 'DINAS',  NULL, 'pungutan di loket',    '2023-03-29 10:00', NULL,               'rejected',    1),
-- C7 (K): came Mar 9 (W10), never answered
('3216', 'C7', '2023-03-09 11:00', 'whatsapp',     'blanko',       'rules',  'ringan',           'KEC-01', NULL, 'blanko kosong',        NULL,               NULL,               'open',        1);
