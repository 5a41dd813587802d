package metrics

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// ikmViews are the survey views Install creates, each the ikm part of its name.
var ikmViews = []string{"kpi_period", "ikm_results", "ikm_elements"}

// installIKM creates, in Install's transaction, the survey settings
// (survey_settings: regulation, weight, weight_num, weight_den,
// alert_ikm100, alert_nrr100; survey_grades: grade, from100, to100) and
// the views kpi_period, ikm_results and ikm_elements over every quarter and
// semester of the data, from the same SQL files as ComputeIKM.
func installIKM(ctx context.Context, tx *sql.Tx, s IKMSettings) error {
	p, err := s.parameters()
	if err != nil {
		return err
	}
	exec := func(query string, args ...any) error {
		if _, err := tx.ExecContext(ctx, query, args...); err != nil {
			return fmt.Errorf("install ikm: %w", err)
		}
		return nil
	}
	weight := s.Weight
	if weight == "" {
		weight = "exact"
	}
	if err := exec(`CREATE OR REPLACE TABLE survey_settings (regulation TEXT NOT NULL, weight TEXT NOT NULL,
		weight_num BIGINT NOT NULL, weight_den BIGINT NOT NULL, alert_ikm100 BIGINT NOT NULL, alert_nrr100 BIGINT NOT NULL)`); err != nil {
		return err
	}
	if err := exec(`INSERT INTO survey_settings VALUES (?, ?, ?, ?, ?, ?)`, p.regulation.ID, weight, p.weightNum, p.weightDen,
		p.alertIKM100, p.alertNRR100); err != nil {
		return err
	}
	if err := exec(`CREATE OR REPLACE TABLE survey_grades (grade TEXT NOT NULL, from100 BIGINT NOT NULL, to100 BIGINT NOT NULL)`); err != nil {
		return err
	}
	for _, g := range p.regulation.Grades {
		from, _ := hundredths(g.From)
		to, _ := hundredths(g.To)
		if err := exec(`INSERT INTO survey_grades VALUES (?, ?, ?)`, g.Grade, from, to); err != nil {
			return err
		}
	}
	base := append(viewBase(),
		part{name: "ikm_settings", body: "SELECT * FROM survey_settings"},
		part{name: "ikm_grades", body: "SELECT * FROM survey_grades"})
	for _, v := range ikmViews {
		body, ok := ikmPart(v)
		if !ok {
			return fmt.Errorf("install ikm: no SQL for view %s", v)
		}
		final := "SELECT * FROM (\n" + strings.TrimSpace(body) + "\n)"
		if strings.HasPrefix(v, "ikm_") {
			final = "SELECT * FROM " + v
		}
		if err := exec("CREATE OR REPLACE VIEW " + warehouse.QuoteIdent(v) + " AS\n" + composeIKM(base, final)); err != nil {
			return fmt.Errorf("view %s: %w", v, err)
		}
	}
	return nil
}
