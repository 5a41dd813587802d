-- Drops the plans of one region as of one date, before they are stored again.
DELETE FROM stock_plans WHERE region_code = ? AND as_of = ?::DATE
