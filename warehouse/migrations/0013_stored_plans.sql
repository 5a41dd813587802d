-- 0013_stored_plans: the blanko stock plans as of the end of each of the
-- latest weeks (forecast.stored_weeks, 13 by default), per region and
-- office, kept by planning.RefreshStored after each load right after the
-- KPI refresh, so that the reports and pantau forecast read them instead of
-- forecasting again. A plan is the whole planning.StockPlanRow as JSON (the
-- forecast per horizon week with its 80% and 95% intervals included); ord
-- keeps the order planning.Plan gives (the region first); settings is the
-- fingerprint of the settings and options that made it: a row made under
-- other settings is not read. stock_plan_weeks shows the forecasts per
-- week as columns. stored_plans_dirty keeps the notes of kpi_dirty that the
-- stored plans have not yet caught up with (the KPI refresh clears
-- kpi_dirty first).
CREATE TABLE stock_plans (
    region_code TEXT NOT NULL,
    as_of       DATE NOT NULL,   -- the Sunday ending the week (local date)
    scope       TEXT NOT NULL,   -- region or office
    scope_id    TEXT NOT NULL,
    ord         INTEGER NOT NULL,
    settings    TEXT NOT NULL,
    plan        JSON NOT NULL
);

CREATE TABLE stored_plans_dirty (
    region_code TEXT NOT NULL,   -- '*': every region
    from_date   DATE NOT NULL
);

CREATE VIEW stock_plan_weeks AS
SELECT region_code, as_of, scope, scope_id,
       i + 1 AS horizon_week,
       plan->'weeks'->i->>'week' AS week,
       (plan->'weeks'->i->>'demand')::DOUBLE AS demand,
       (plan->'weeks'->i->>'demand_lo80')::DOUBLE AS demand_lo80,
       (plan->'weeks'->i->>'demand_hi80')::DOUBLE AS demand_hi80,
       (plan->'weeks'->i->>'demand_lo95')::DOUBLE AS demand_lo95,
       (plan->'weeks'->i->>'demand_hi95')::DOUBLE AS demand_hi95,
       (plan->'weeks'->i->>'deliveries')::DOUBLE AS deliveries,
       (plan->'weeks'->i->>'projected')::DOUBLE AS projected,
       (plan->'weeks'->i->>'projected_lo95')::DOUBLE AS projected_lo95,
       (plan->'weeks'->i->>'projected_hi95')::DOUBLE AS projected_hi95,
       (plan->'weeks'->i->>'stock_out_probability')::DOUBLE AS stock_out_probability,
       plan->>'model' AS model,
       plan->>'stock_out_week' AS stock_out_week,
       (plan->>'order_quantity')::DOUBLE AS order_quantity
FROM (SELECT *, unnest(range(json_array_length(plan, '$.weeks')::BIGINT)) AS i FROM stock_plans);
