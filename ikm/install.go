package ikm

import (
	"fmt"
	"strings"

	"github.com/disdukcapil-bekasi/pantau/config"
	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// ikmViews are the survey views Install creates, each the ikm part of its name.
var ikmViews = []string{"kpi_period", "ikm_results", "ikm_elements"}

// Install is what kpi.Install runs, in its transaction, for the survey
// index under cfg: kpi.Install(ctx, db, cfg, ikm.Install(cfg)).
func Install(cfg config.Config) kpi.Installer {
	s := SettingsFrom(cfg)
	return func(exec func(string, ...any) error) error { return installIKM(exec, s) }
}

// installIKM replaces, in kpi.Install's transaction, the rows of the survey
// settings (survey_settings, survey_grades: the tables are migration
// 0006's) and creates the views kpi_period, ikm_results and ikm_elements
// over every quarter and semester of the data, from the same SQL files as
// ComputeIKM.
func installIKM(exec func(string, ...any) error, s Settings) error {
	p, err := s.parameters()
	if err != nil {
		return fmt.Errorf("install ikm: %w", err)
	}
	weight := s.Weight
	if weight == "" {
		weight = "exact"
	}
	if err := exec(`DELETE FROM survey_settings`); err != nil {
		return err
	}
	if err := exec(`INSERT INTO survey_settings VALUES (?, ?, ?, ?, ?, ?)`, p.regulation.ID, weight, p.weightNum, p.weightDen,
		p.alertIKM100, p.alertNRR100); err != nil {
		return err
	}
	if err := exec(`DELETE FROM survey_grades`); err != nil {
		return err
	}
	for _, g := range p.regulation.Grades {
		from, _ := hundredths(g.From)
		to, _ := hundredths(g.To)
		if err := exec(`INSERT INTO survey_grades VALUES (?, ?, ?)`, g.Grade, from, to); err != nil {
			return err
		}
	}
	base := append(kpi.ViewBase(),
		kpi.Part{Name: "ikm_settings", Body: "SELECT * FROM survey_settings"},
		kpi.Part{Name: "ikm_grades", Body: "SELECT * FROM survey_grades"})
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
