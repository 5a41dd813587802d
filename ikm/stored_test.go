package ikm_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/disdukcapil-bekasi/pantau/config"
	"github.com/disdukcapil-bekasi/pantau/ikm"
	"github.com/disdukcapil-bekasi/pantau/kpi"
)

// TestStoredSurveyIsComputed stores the survey of the fixture and wants
// every Stored function to give what its computing twin gives: as stored,
// after a response is added to a stored semester (the stored one is then
// not read), and after the refresh that follows. It also checks that the
// stored rows are what is read, and what a refresh computes again.
func TestStoredSurveyIsComputed(t *testing.T) {
	ctx := context.Background()
	cfg := config.Default()
	db := ikmDB(t, "fixture.sql", "", cfg)
	s := ikm.SettingsFrom(cfg)
	if _, err := kpi.Refresh(ctx, db, s.Settings, true); err != nil {
		t.Fatal(err)
	}
	st, err := ikm.RefreshStored(ctx, db, s, true)
	if err != nil {
		t.Fatal(err)
	}
	if st.Made != ikm.StoredSemesters || st.Last != "2022-S2" {
		t.Fatalf("stored %d periods up to %s, want %d up to 2022-S2", st.Made, st.Last, ikm.StoredSemesters)
	}
	same := func(when string) {
		t.Helper()
		for _, q := range []ikm.Query{
			{Periods: []string{"2022-S2"}, Scopes: []string{kpi.ScopeRegion, kpi.ScopeOffice}},
			{Periods: []string{"2022-S2", "2022-S1", "2021-S2", "2021-S1"}, Scopes: []string{kpi.ScopeRegion}},
			{Periods: []string{"2022-S2", "2022-S1"}, Scopes: []string{kpi.ScopeRegion, kpi.ScopeOffice}, WithoutSample: true},
		} {
			compareStored(t, when, q, ikm.StoredCompute, ikm.Compute, db, s)
		}
		for _, f := range []struct {
			stored, computed func(context.Context, *sql.DB, ikm.Settings, string) (any, error)
		}{
			{wrap(ikm.StoredAlerts), wrap(ikm.Alerts)},
			{wrap(ikm.StoredContextValues), wrap(ikm.ContextValues)},
			{wrap(ikm.StoredProfile), wrap(ikm.Profile)},
			{wrap(ikm.StoredSuggestions), wrap(ikm.Suggestions)},
		} {
			for _, period := range []string{"2022-S2", "2021-S1"} {
				compareStored(t, when, period, f.stored, f.computed, db, s)
			}
		}
	}
	same("stored")
	// A semester without responses keeps no operational context (a reader
	// computes it, the same values as above); one with responses does.
	var withContext, without int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE part = 'context' AND responses <> '0:0'),
		count(DISTINCT period) FILTER (WHERE responses = '0:0') - count(*) FILTER (WHERE part = 'context' AND responses = '0:0')
		FROM survey_stored`).Scan(&withContext, &without); err != nil {
		t.Fatal(err)
	}
	if withContext == 0 || without == 0 {
		t.Errorf("stored context: %d semesters with responses keep it, %d without keep none; want both > 0", withContext, without)
	}

	// The stored rows are what is read.
	if _, err := db.ExecContext(ctx, `UPDATE survey_stored SET data = '[]' WHERE part = 'results' AND period = '2022-S2'`); err != nil {
		t.Fatal(err)
	}
	if got, err := ikm.StoredCompute(ctx, db, s, ikm.Query{Periods: []string{"2022-S2"}, Scopes: []string{kpi.ScopeRegion}}); err != nil || len(got) != 0 {
		t.Fatalf("StoredCompute gave %d results (%v), not the stored none", len(got), err)
	}
	// A response added to 2022-S2 is seen at once, before any refresh.
	if _, err := db.ExecContext(ctx, `INSERT INTO survey_responses (region_code, response_id, office_code, submitted_at, service,
		u1, u2, u3, u4, u5, u6, u7, u8, u9, load_id) VALUES ('3216', 'LATE', 'KEC-01', '2022-12-30 10:00', 'ktp_el', 1, 1, 1, 1, 1, 1, 1, 1, 1, 9)`); err != nil {
		t.Fatal(err)
	}
	same("after a response is added")
	st, err = ikm.RefreshStored(ctx, db, s, false)
	if err != nil {
		t.Fatal(err)
	}
	if st.Made != 1 {
		t.Errorf("the refresh after a response of 2022-S2 computed %d periods again, want 1", st.Made)
	}
	same("after the refresh")
	if st, err = ikm.RefreshStored(ctx, db, s, false); err != nil || st.Made != 0 {
		t.Errorf("a refresh with nothing new computed %d periods again (%v)", st.Made, err)
	}
}

func wrap[T any](f func(context.Context, *sql.DB, ikm.Settings, string) ([]T, error)) func(context.Context, *sql.DB, ikm.Settings, string) (any, error) {
	return func(ctx context.Context, db *sql.DB, s ikm.Settings, p string) (any, error) { return f(ctx, db, s, p) }
}

func compareStored[Q, T any](t *testing.T, when string, q Q, stored, computed func(context.Context, *sql.DB, ikm.Settings, Q) (T, error), db *sql.DB, s ikm.Settings) {
	t.Helper()
	ctx := context.Background()
	a, err := stored(ctx, db, s, q)
	if err != nil {
		t.Fatal(err)
	}
	b, err := computed(ctx, db, s, q)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(b, a); diff != "" {
		t.Errorf("%s, %v: stored (+) differs from computed (-):\n%s", when, q, diff)
	}
}
