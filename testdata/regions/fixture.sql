-- Two regions of Jawa Barat (province 32) in WIB and one of Papua (91) in
-- WIT, in ISO week 2023-W02 (Mon 9 – Sun 15 January 2023, no holiday) and
-- W03. Times are each region's local wall time, as pantau stores them.
-- The arithmetic is in README.md beside this file.
INSERT INTO regions (region_code, name, time_zone) VALUES
 ('3273', 'Kota Bandung', 'Asia/Jakarta'), ('9171', 'Kota Jayapura', 'Asia/Jayapura') ON CONFLICT DO NOTHING;
INSERT INTO offices (office_code, region_code, name, type) VALUES
 ('3273-DINAS', '3273', 'Dinas Kota Bandung', 'dinas'), ('9171-DINAS', '9171', 'Dinas Kota Jayapura', 'dinas') ON CONFLICT DO NOTHING;

INSERT INTO service_events (region_code, event_id, application_id, event_time, service, stage, office_code, channel, load_id) VALUES
 -- Kabupaten Bekasi (3216): three prints in W02, lead times 1, 2 and 9 working days
 ('3216','a1r','a1','2023-01-10 09:00','ktp_el','recorded','KEC-01','counter',1),
 ('3216','a1p','a1','2023-01-11 10:00','ktp_el','printed','KEC-01','counter',1),
 ('3216','a2r','a2','2023-01-09 09:00','ktp_el','recorded','KEC-01','counter',1),
 ('3216','a2p','a2','2023-01-11 11:00','ktp_el','printed','KEC-01','counter',1),
 ('3216','a3r','a3','2022-12-29 09:00','ktp_el','recorded','KEC-01','counter',1),
 ('3216','a3p','a3','2023-01-11 12:00','ktp_el','printed','KEC-01','counter',1),
 -- four submissions in W02, one online
 ('3216','s1','s1','2023-01-09 08:00','kk','submitted','KEC-01','online',1),
 ('3216','s2','s2','2023-01-09 09:00','kk','submitted','KEC-01','counter',1),
 ('3216','s3','s3','2023-01-10 09:00','kk','submitted','KEC-01','counter',1),
 ('3216','s4','s4','2023-01-11 09:00','kk','submitted','KEC-01','counter',1),
 -- Kota Bandung (3273): two prints in W02, lead times 4 and 5
 ('3273','b1r','b1','2023-01-05 09:00','ktp_el','recorded','3273-DINAS','counter',1),
 ('3273','b1p','b1','2023-01-11 10:00','ktp_el','printed','3273-DINAS','counter',1),
 ('3273','b2r','b2','2023-01-04 09:00','ktp_el','recorded','3273-DINAS','counter',1),
 ('3273','b2p','b2','2023-01-11 11:00','ktp_el','printed','3273-DINAS','counter',1),
 -- two submissions in W02, one online
 ('3273','t1','t1','2023-01-10 08:00','kk','submitted','3273-DINAS','online',1),
 ('3273','t2','t2','2023-01-10 09:00','kk','submitted','3273-DINAS','counter',1),
 -- Kota Jayapura (9171, WIT): c1 printed Sunday 23:30 WIT (W02), lead 0;
 -- c2 printed Monday 00:30 WIT (W03) — Sunday 22:30 in WIB, but not in W02.
 ('9171','c1r','c1','2023-01-13 09:00','ktp_el','recorded','9171-DINAS','counter',1),
 ('9171','c1p','c1','2023-01-15 23:30','ktp_el','printed','9171-DINAS','counter',1),
 ('9171','c2r','c2','2023-01-09 09:00','ktp_el','recorded','9171-DINAS','counter',1),
 ('9171','c2p','c2','2023-01-16 00:30','ktp_el','printed','9171-DINAS','counter',1);

INSERT INTO complaints (region_code, complaint_id, received_at, channel, category, classified_by, tier, office_code, status, first_response_at, resolved_at, load_id) VALUES
 ('3216','k1','2023-01-09 10:00','lapor','blanko','source','normatif','KEC-01','resolved','2023-01-09 11:00','2023-01-11 10:00',1),
 ('3273','k2','2023-01-10 10:00','lapor','blanko','source','normatif','3273-DINAS','resolved','2023-01-10 11:00','2023-01-12 10:00',1),
 -- received Friday 00:30 WIT (Thursday 22:30 in WIB), resolved the same Friday: 0 working days
 ('9171','k3','2023-01-13 00:30','lapor','blanko','source','normatif','9171-DINAS','resolved','2023-01-13 08:00','2023-01-13 15:00',1);
