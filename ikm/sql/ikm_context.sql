-- id: ikm_context
-- grain: period × scope (region, office, kecamatan)
-- parameters: the runner's kpi_* relations, weeks spanning the periods
-- The operational figures the IKM report puts beside a weak element, each
-- the period's figure of the same definition as its weekly KPI, pooled over
-- the period's rows (a median of the period, not a median of weekly medians):
--   print_lead_time.median  (u3 waktu)   workdays(recorded, printed) of the
--                                         KTP-el applications printed in the period
--   blanko_stockout_weeks   (u5 produk)  weeks whose Sunday is in the period
--                                         with blanko_stock <= 0; NULL for a
--                                         scope that held no card in those weeks
--   complaints_received.category.etiquette (u7 perilaku) received in the period
--   sla_met_rate            (u8 pengaduan) of the complaints resolved in the
--                                         period, the share within the tier's limit
WITH lead AS (
    SELECT p.period, m.scope, m.scope_id, quantile_cont(a.print_lead_workdays, 0.5) AS value
    FROM kpi_applications a
    JOIN ikm_periods p ON a.printed_at >= p.starts AND a.printed_at < p.ends
    JOIN kpi_scope_map m ON m.office_key = a.print_office_code
    WHERE a.service = 'ktp_el' AND a.printed_at IS NOT NULL
    GROUP BY ALL
),
stock AS (
    SELECT p.period, b.scope, b.scope_id,
           CASE WHEN max(b.value) > 0 THEN count(*) FILTER (WHERE b.value <= 0) END AS value
    FROM result_blanko_stock b
    JOIN kpi_grid g USING (week, scope, scope_id)
    JOIN ikm_periods p ON g.week_end >= p.starts::DATE AND g.week_end < p.ends::DATE
    GROUP BY ALL
),
etiquette AS (
    SELECT p.period, m.scope, m.scope_id, count(*) AS value
    FROM kpi_complaints c
    JOIN ikm_periods p ON c.received_at >= p.starts AND c.received_at < p.ends
    JOIN kpi_scope_map m ON m.office_key = coalesce(c.office_code, '')
    WHERE c.category = 'etiquette'
    GROUP BY ALL
),
sla AS (
    SELECT p.period, m.scope, m.scope_id, avg(CASE WHEN c.sla_met THEN 1.0 ELSE 0.0 END) AS value
    FROM kpi_complaints c
    JOIN ikm_periods p ON c.resolved_at >= p.starts AND c.resolved_at < p.ends
    JOIN kpi_scope_map m ON m.office_key = coalesce(c.office_code, '')
    WHERE c.status = 'resolved' AND c.sla_met IS NOT NULL
    GROUP BY ALL
)
SELECT period, scope, scope_id, 'print_lead_time.median' AS kpi, value::DOUBLE AS value FROM lead
UNION ALL SELECT period, scope, scope_id, 'blanko_stockout_weeks', value::DOUBLE FROM stock
UNION ALL SELECT period, scope, scope_id, 'complaints_received.category.etiquette', value::DOUBLE FROM etiquette
UNION ALL SELECT period, scope, scope_id, 'sla_met_rate', value::DOUBLE FROM sla
