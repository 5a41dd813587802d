-- Stores one scope's plan.
INSERT INTO stock_plans (region_code, as_of, scope, scope_id, ord, settings, plan)
VALUES (?, ?::DATE, ?, ?, ?, ?, ?::JSON)
