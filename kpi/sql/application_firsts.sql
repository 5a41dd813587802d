-- kpi_application_firsts: one row per application of kpi_events with the
-- local time of the first event of each stage (an application's stage time
-- is its first event of that stage). office_code is the office that recorded
-- it (or, if never recorded, where it was first seen); print_office_code the
-- office that printed its first card; first_event_at and last_event_at its
-- first and latest events, which tell Refresh whether rows changed from a
-- date on may have touched it and how far back its events go.
-- An application has one service (an id reused for two services would show
-- as two rows); grouping by it lets a filter on service skip other events.
-- Refresh keeps the KTP-el rows, with the columns kpi_applications reads, in
-- the ktp_el_applications table (migration 0010) and reads them from there;
-- everything else groups the events here.
SELECT
    region_code,
    application_id,
    service,
    arg_min(request_type, event_time) FILTER (WHERE request_type IS NOT NULL) AS request_type,
    coalesce(arg_min(office_code, event_time) FILTER (WHERE stage = 'recorded'),
             arg_min(office_code, event_time))                             AS office_code,
    arg_min(office_code, event_time) FILTER (WHERE stage = 'printed')      AS print_office_code,
    arg_min(channel, event_time) FILTER (WHERE stage = 'submitted')        AS channel,
    min(event_time) FILTER (WHERE stage = 'submitted')                     AS submitted_at,
    min(event_time) FILTER (WHERE stage = 'recorded')                      AS recorded_at,
    min(event_time) FILTER (WHERE stage = 'print_ready')                   AS print_ready_at,
    min(event_time) FILTER (WHERE stage = 'printed')                       AS printed_at,
    min(event_time) FILTER (WHERE stage = 'issued')                        AS issued_at,
    min(event_time) FILTER (WHERE stage = 'interim_issued')                AS interim_issued_at,
    arg_min(interim_type, event_time) FILTER (WHERE stage = 'interim_issued') AS interim_type,
    min(event_time) FILTER (WHERE stage = 'rejected')                      AS rejected_at,
    min(event_time) FILTER (WHERE stage = 'cancelled')                     AS cancelled_at,
    min(event_time) FILTER (WHERE stage = 'ikd_activated')                 AS ikd_activated_at,
    count(*) FILTER (WHERE stage = 'spoiled')                              AS spoiled_cards,
    arg_max(stage, event_time)                                             AS last_stage,
    count(*)                                                               AS events,
    min(event_time)                                                        AS first_event_at,
    max(event_time)                                                        AS last_event_at
FROM kpi_events
GROUP BY region_code, application_id, service
