-- forecast_deliveries: blanko deliveries requested on or before a date, for
-- the stock plan: those received by then measure the lead time, the others
-- are on order. Read by planning.BlankoDemand; not a KPI and not a view.
-- parameters: 1 region_code TEXT, 2 as_of DATE.
-- Transfers between offices are left out: they move cards inside the
-- region and are received the day they are sent.
SELECT delivery_id, office_code, source, requested_at, quantity_requested,
       received_at, quantity_received, coalesce(reference, '') AS reference
FROM blanko_deliveries
WHERE region_code = ?
  AND source <> 'transfer'
  AND requested_at IS NOT NULL
  AND requested_at <= ?::DATE
ORDER BY requested_at, delivery_id
