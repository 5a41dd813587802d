-- id: stock_vs_ledger
-- level: warn
-- title.id: Stok opname dan buku stok
-- title.en: Stock counts against the ledger
-- about.id: Hitungan stok yang berbeda dari stok buku yang dibawa dari hitungan sebelumnya di kantor itu lebih dari 5 keping dan 2%.
-- about.en: Stock counts differing from the book stock carried from the office's previous count by more than 5 cards and 2%.
-- msg.pass.id: setiap stok opname sesuai dengan buku stok
-- msg.pass.en: every stock count agrees with the ledger
-- msg.fail.id: {count} stok opname berbeda dari stok buku sejak hitungan sebelumnya: {detail}
-- msg.fail.en: {count} stock counts differ from the book stock carried from the previous count: {detail}
-- detail lists office, date, counted / book stock.
WITH counts AS (
    SELECT office_code, date, counted, book_stock,
           row_number() OVER (PARTITION BY office_code ORDER BY date) AS nth
    FROM kpi_blanko_ledger
    WHERE counted IS NOT NULL
), off AS (
    SELECT * FROM counts
    WHERE nth > 1 AND abs(counted - book_stock) > greatest(5, 0.02 * abs(book_stock))
)
SELECT '' AS subject, NULL AS level, count(*) > 0 AS failed, count(*) AS count,
       CASE WHEN count(*) > 0 THEN 'fail' ELSE 'pass' END AS msg,
       string_agg(format('{} {}: {} / {}', office_code, date, counted, book_stock), '; ' ORDER BY date, office_code) AS detail
FROM off
