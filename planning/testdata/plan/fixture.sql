-- A hand-made warehouse for the stock-plan tests, read as of Wednesday
-- 15 March 2023 (ISO week 2023-W11). Expected values in plan_test.go
-- (TestPlanFixture), with their arithmetic.
--
-- Deliveries to DINAS (requested → received, lead time in days):
--   D1 2022-12-01 → 2022-12-15  14     D2 2023-01-02 → 2023-01-23  21
--   D3 2023-02-01 → 2023-03-08  35     D4 2023-02-02 → 2023-03-20 (after the date: on order, 500 asked)
--   D5 2023-03-06 → never (on order, 80 asked)
--   D6 2023-03-16 → never (requested after the date: not yet known)
-- Median lead time of D1..D3: 21 days = 3 weeks.
-- Transfers DINAS → KEC-01: 30 cards on 9 March; 40 more asked on 14 March,
-- not sent (transfers are never counted as on order).
INSERT INTO blanko_deliveries (region_code, delivery_id, office_code, requested_at, quantity_requested, received_at, quantity_received, source, reference, load_id) VALUES
('3216', 'D1',     'DINAS',  '2022-12-01', 100, '2022-12-15', 100, 'kemendagri', 'K/1', 1),
('3216', 'D2',     'DINAS',  '2023-01-02', 100, '2023-01-23', 100, 'kemendagri', 'K/2', 1),
('3216', 'D3',     'DINAS',  '2023-02-01', 200, '2023-03-08', 200, 'kemendagri', 'K/3', 1),
('3216', 'D4',     'DINAS',  '2023-02-02', 500, '2023-03-20', 450, 'kemendagri', 'K/4', 1),
('3216', 'D5',     'DINAS',  '2023-03-06',  80, NULL,         NULL, 'provinsi',  'P/5', 1),
('3216', 'D6',     'DINAS',  '2023-03-16',  70, NULL,         NULL, 'kemendagri', 'K/6', 1),
('3216', 'T1-IN',  'KEC-01', '2023-03-09',  30, '2023-03-09',  30, 'transfer',   'S/1', 1),
('3216', 'T1-OUT', 'DINAS',  NULL,        NULL, '2023-03-09', -30, 'transfer',   'S/1', 1),
('3216', 'T2-IN',  'KEC-01', '2023-03-14',  40, NULL,         NULL, 'transfer',   'S/2', 1);

-- Stock opname: DINAS held 100 cards at the end of 1 March. Its stock on
-- 15 March: 100 + 200 (D3) − 30 (T1) = 270. KEC-01 has no count: 30
-- received − A1's spoiled card − A1's print = 28. Region: 298.
INSERT INTO blanko_stock_counts (region_code, office_code, counted_at, quantity_on_hand, load_id) VALUES
('3216', 'DINAS', '2023-03-01', 100, 1);

-- KTP-el applications at KEC-01. Owed a card at the end of 15 March (print
-- ready, not printed, rejected or cancelled): A2 and A3. Not owed: A1
-- (printed), A4 (recorded only), A5 (rejected), A6 (ready on 16 March).
INSERT INTO service_events (region_code, event_id, application_id, event_time, service, stage, office_code, channel, load_id) VALUES
('3216', 'A1-1', 'A1', '2023-03-06 09:00', 'ktp_el', 'recorded',    'KEC-01', 'counter', 1),
('3216', 'A1-2', 'A1', '2023-03-07 10:00', 'ktp_el', 'print_ready', 'KEC-01', 'counter', 1),
('3216', 'A1-3', 'A1', '2023-03-10 09:00', 'ktp_el', 'spoiled',     'KEC-01', 'counter', 1),
('3216', 'A1-4', 'A1', '2023-03-10 09:30', 'ktp_el', 'printed',     'KEC-01', 'counter', 1),
('3216', 'A2-1', 'A2', '2023-03-08 09:00', 'ktp_el', 'recorded',    'KEC-01', 'counter', 1),
('3216', 'A2-2', 'A2', '2023-03-09 11:00', 'ktp_el', 'print_ready', 'KEC-01', 'counter', 1),
('3216', 'A3-1', 'A3', '2023-03-13 09:00', 'ktp_el', 'recorded',    'KEC-01', 'counter', 1),
('3216', 'A3-2', 'A3', '2023-03-15 14:00', 'ktp_el', 'print_ready', 'KEC-01', 'counter', 1),
('3216', 'A4-1', 'A4', '2023-03-14 09:00', 'ktp_el', 'recorded',    'KEC-01', 'counter', 1),
('3216', 'A5-1', 'A5', '2023-03-01 09:00', 'ktp_el', 'recorded',    'KEC-01', 'counter', 1),
('3216', 'A5-2', 'A5', '2023-03-02 09:00', 'ktp_el', 'print_ready', 'KEC-01', 'counter', 1),
('3216', 'A5-3', 'A5', '2023-03-03 09:00', 'ktp_el', 'rejected',    'KEC-01', 'counter', 1),
('3216', 'A6-1', 'A6', '2023-03-14 10:00', 'ktp_el', 'recorded',    'KEC-01', 'counter', 1),
('3216', 'A6-2', 'A6', '2023-03-16 10:00', 'ktp_el', 'print_ready', 'KEC-01', 'counter', 1);
