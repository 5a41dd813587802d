-- blanko_ledger: per office and local date, from the first blanko activity
-- to the last day of data (or of the weeks asked for): cards received
-- (deliveries, transfers out are negative), cards consumed (KTP-el printed
-- and spoiled events), the physical count of that day if any (a count is
-- the stock at the end of its day), book_stock (the stock carried from the
-- previous count, before this day's count) and stock at the end of the day:
-- the latest count on or before the day plus later receipts minus later
-- consumption; with no count yet, all receipts minus all consumption.
-- Only the regions of kpi_regions, and only offices with any blanko
-- activity (an office with none holds no card): with the nation's 8,000
-- offices seeded, a ledger of every office and day would cost seconds.
WITH received AS (
    SELECT office_code, received_at AS date, sum(quantity_received)::BIGINT AS received
    FROM blanko_deliveries
    WHERE received_at IS NOT NULL AND region_code IN (SELECT region_code FROM kpi_regions)
    GROUP BY ALL
), consumed AS (
    SELECT office_code, event_time::DATE AS date, count(*) AS consumed
    FROM service_events
    WHERE service = 'ktp_el' AND stage IN ('printed', 'spoiled') AND region_code IN (SELECT region_code FROM kpi_regions)
    GROUP BY ALL
), counts AS (
    -- two counts of one office on one day: the later load wins
    SELECT office_code, counted_at AS date, arg_max(quantity_on_hand, load_id) AS counted
    FROM blanko_stock_counts
    WHERE region_code IN (SELECT region_code FROM kpi_regions)
    GROUP BY ALL
), span AS (
    SELECT min(date) AS first_day,
           greatest(max(date), (SELECT max(week_end) FROM kpi_weeks)) AS last_day
    FROM (SELECT date FROM received UNION ALL SELECT date FROM consumed UNION ALL SELECT date FROM counts)
), days AS (
    SELECT o.region_code, o.office_code, d.date
    FROM offices o
    SEMI JOIN (SELECT office_code FROM received UNION SELECT office_code FROM consumed UNION SELECT office_code FROM counts) a
        USING (office_code)
    CROSS JOIN (
        SELECT unnest(generate_series(first_day, last_day, INTERVAL 1 DAY))::DATE AS date
        FROM span
        WHERE first_day IS NOT NULL
    ) d
), daily AS (
    SELECT
        d.region_code,
        d.office_code,
        d.date,
        coalesce(r.received, 0) AS received,
        coalesce(c.consumed, 0) AS consumed,
        n.counted,
        (sum(coalesce(r.received, 0) - coalesce(c.consumed, 0))
            OVER (PARTITION BY d.office_code ORDER BY d.date))::BIGINT AS net
    FROM days d
    LEFT JOIN received r USING (office_code, date)
    LEFT JOIN consumed c USING (office_code, date)
    LEFT JOIN counts n USING (office_code, date)
), anchored AS (
    SELECT
        *,
        last_value(counted IGNORE NULLS) OVER upto AS last_count,
        last_value(CASE WHEN counted IS NOT NULL THEN net END IGNORE NULLS) OVER upto AS net_at_last_count,
        last_value(counted IGNORE NULLS) OVER before AS prev_count,
        last_value(CASE WHEN counted IS NOT NULL THEN net END IGNORE NULLS) OVER before AS net_at_prev_count
    FROM daily
    WINDOW upto AS (PARTITION BY office_code ORDER BY date ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),
           before AS (PARTITION BY office_code ORDER BY date ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
)
SELECT
    region_code,
    office_code,
    date,
    received,
    consumed,
    counted,
    CASE WHEN prev_count IS NULL THEN net ELSE prev_count + net - net_at_prev_count END AS book_stock,
    CASE WHEN last_count IS NULL THEN net ELSE last_count + net - net_at_last_count END AS stock
FROM anchored
