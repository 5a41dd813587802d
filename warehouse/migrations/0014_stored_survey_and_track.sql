-- 0014_stored_survey_and_track: two more results kept at refresh, so that
-- the reports read them instead of computing them on every run.
--
-- forecast_track: the planner's track record (planning.TrackRecord: how well
-- the past forecasts of each scope's blanko demand did, their mean miss and
-- interval hits) as of the end of the latest week that stock_plans keeps,
-- per region and office, stored by planning.RefreshStored beside the stock
-- plans under the same keys. A row is the whole planning.TrackRow as JSON; ord
-- keeps the order TrackRecord gives (the region first); settings is the
-- fingerprint of the settings and track options that made it.
--
-- survey_stored: the survey index (IKM) of the latest complete semesters per
-- region, kept by ikm.RefreshStored after the KPI refresh: per period one
-- row per part the reports read (results: every region and office scope's
-- ikm.Result; alerts; context: the operational figures; profile; topics),
-- each the list as JSON. responses is a signature of the region's survey
-- responses in the period and the one before (their count and latest load
-- id): a row whose responses changed since is not read,
-- nor one whose period a load touched (kpi_dirty, survey_stored_dirty) until
-- the refresh has caught up. survey_stored_dirty keeps the notes of
-- kpi_dirty the stored survey has not yet caught up with.
CREATE TABLE forecast_track (
    region_code TEXT NOT NULL,
    as_of       DATE NOT NULL,   -- the Sunday ending the week (local date)
    scope       TEXT NOT NULL,   -- region or office
    scope_id    TEXT NOT NULL,
    ord         INTEGER NOT NULL,
    settings    TEXT NOT NULL,
    track       JSON NOT NULL
);

CREATE TABLE survey_stored (
    region_code TEXT NOT NULL,
    period      TEXT NOT NULL,   -- 2023-S1
    period_end  DATE NOT NULL,   -- its last day
    part        TEXT NOT NULL,   -- results, alerts, context, profile, topics
    settings    TEXT NOT NULL,
    responses   TEXT NOT NULL,
    data        JSON NOT NULL
);

CREATE TABLE survey_stored_dirty (
    region_code TEXT NOT NULL,   -- '*': every region
    from_date   DATE NOT NULL
);

-- check_stored: the results of the last run of the data-quality checks for a
-- region (checks.Keep, after pantau check and the checks of pantau run),
-- each checks.Result with its texts in both languages, as JSON, so that the
-- quality report reads them instead of running the checks again. facts is
-- what the results were judged on (the latest load, the offices, the latest
-- week): a row is read only while it is unchanged and no refresh is
-- pending (kpi_dirty), under the same settings.
CREATE TABLE check_stored (
    region_code TEXT NOT NULL,
    settings    TEXT NOT NULL,
    facts       TEXT NOT NULL,
    results     JSON NOT NULL
);
