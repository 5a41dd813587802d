-- id: stuck_applications
-- level: warn
-- title.id: Permohonan tertahan
-- title.en: Stuck applications
-- about.id: Permohonan KTP-el yang menunggu di satu tahap jauh lebih lama dari yang lain di tahap itu (lebih dari 3 kali mediannya dan lebih dari 30 hari) pada akhir pekan terakhir.
-- about.en: KTP-el applications waiting in one stage far longer than the others waiting in it (over 3 times their median and over 30 days) at the end of the latest week.
-- msg.pass.id: tidak ada permohonan yang menunggu jauh lebih lama dari yang lain di tahapnya
-- msg.pass.en: no application waits far longer than the others in its stage
-- msg.fail.id: {count} permohonan KTP-el menunggu jauh lebih lama dari yang lain di tahapnya pada akhir {week_id}: {detail_id}
-- msg.fail.en: {count} KTP-el applications waiting far longer than the others in their stage at the end of {week}: {detail}
-- detail lists, per stage, the count (the limit in days, the longest wait in days).
WITH waiting AS (
    SELECT CASE WHEN a.printed_at < w.next_start THEN 'printed'
                WHEN a.print_ready_at < w.next_start THEN 'print_ready'
                ELSE 'recorded' END AS stage,
           date_diff('day', CASE WHEN a.printed_at < w.next_start THEN a.printed_at
                                 WHEN a.print_ready_at < w.next_start THEN a.print_ready_at
                                 ELSE a.recorded_at END, w.next_start) AS days
    FROM kpi_applications a, kpi_weeks w
    WHERE a.service = 'ktp_el' AND a.recorded_at < w.next_start
      AND coalesce(least(a.issued_at, a.rejected_at, a.cancelled_at), 'infinity'::TIMESTAMP) >= w.next_start
), limits AS (
    SELECT stage, 3 * median(days) AS limit_days FROM waiting GROUP BY stage
), stuck AS (
    SELECT stage, count(*) AS n, max(days) AS longest, any_value(l.limit_days) AS limit_days
    FROM waiting JOIN limits l USING (stage)
    WHERE days > l.limit_days AND days > 30
    GROUP BY stage
)
SELECT '' AS subject, NULL AS level, coalesce(sum(n), 0) > 0 AS failed, coalesce(sum(n), 0)::BIGINT AS count,
       CASE WHEN coalesce(sum(n), 0) > 0 THEN 'fail' ELSE 'pass' END AS msg,
       (SELECT week FROM kpi_weeks) AS week,
       string_agg(format('{} {} (> {} d, max {} d)', stage, n, round(limit_days)::BIGINT, longest), '; ' ORDER BY stage) AS detail,
       -- the week and the detail in words, for the Indonesian message
       (SELECT 'pekan ' || weekofyear(week_start) || '/' || isoyear(week_start) FROM kpi_weeks) AS week_id,
       string_agg(format('{} {} (batas {} hari, terlama {} hari)',
                         CASE stage WHEN 'printed' THEN 'tercetak belum diserahkan' WHEN 'print_ready' THEN 'siap cetak' ELSE 'terekam belum siap cetak' END,
                         n, round(limit_days)::BIGINT, longest), '; ' ORDER BY stage) AS detail_id
FROM stuck
