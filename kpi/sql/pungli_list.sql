-- pungli_list: the pungli reports received in the week asked for, without
-- text or names; status is 'open' when the report was still open at the
-- week's end (kpi_pungli's rule, the same as pungli_reports.open).
-- Read by kpi.PungliReports. parameters: $office TEXT ('' = all).
SELECT complaint_id, channel, coalesce(office_code, '') AS office_code, received_at,
       CASE WHEN open_at_week_end THEN 'open' ELSE status END AS status
FROM kpi_pungli
WHERE $office::TEXT = '' OR office_code = $office::TEXT
ORDER BY received_at, complaint_id
