package metrics

import (
	"context"
	"database/sql"
	"time"
)

// storedApplications makes a query read the applications from the
// application_facts table that Refresh keeps instead of grouping the events.
var storedApplications = part{name: "kpi_application_firsts",
	body: "SELECT * FROM application_facts WHERE region_code IN (SELECT region_code FROM kpi_regions)"}

// syncApplications brings the application_facts rows of region up to date
// with its events from the date from on. Only the applications that rows of
// those dates may have changed are regrouped (application_touched.sql), so a
// load of one more week regroups that week's applications, not the region's
// history; whole regroups the region.
func syncApplications(ctx context.Context, tx *sql.Tx, s Settings, region string, from time.Time, whole bool) error {
	base, args := queryBaseOf(s, []string{region}, regionScopes, from, from)
	if whole {
		if _, err := tx.ExecContext(ctx, `DELETE FROM application_facts WHERE region_code = ?`, region); err != nil {
			return err
		}
	} else {
		touched, err := sqlFile("application_touched")
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `CREATE OR REPLACE TEMP TABLE application_touched AS `+touched, region, from); err != nil {
			return err
		}
		defer tx.ExecContext(ctx, `DROP TABLE IF EXISTS application_touched`) //nolint:errcheck // a temp table; the transaction ends soon
		if _, err := tx.ExecContext(ctx, `DELETE FROM application_facts a USING application_touched t
			WHERE a.region_code = t.region_code AND a.application_id = t.application_id AND a.service = t.service`); err != nil {
			return err
		}
		base = append(base, part{name: "kpi_events", body: `SELECT e.* FROM service_events e
			SEMI JOIN application_touched t USING (region_code, application_id, service)`})
	}
	_, err := tx.ExecContext(ctx, "INSERT INTO application_facts BY NAME\n"+
		compose(base, "SELECT * FROM kpi_application_firsts"), args...)
	return err
}
