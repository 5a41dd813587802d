package kpi_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/disdukcapil-bekasi/pantau/config"
	"github.com/disdukcapil-bekasi/pantau/encode"
	"github.com/disdukcapil-bekasi/pantau/kpi"
)

func TestWorkdaysMacro(t *testing.T) {
	cutiOpen := config.Default()
	cutiOpen.Calendar.CutiBersamaOff = false
	dbs := map[string]*sql.DB{
		"cuti off":  fixtureDB(t, config.Default()),
		"cuti open": fixtureDB(t, cutiOpen),
	}
	cases := []struct {
		name      string
		a, b      string
		off, open any // int64, or nil for NULL
	}{
		// Idulfitri 1444: cuti bersama 19–21 and 24–25 April 2023, holiday 22–23 (a weekend).
		{"idulfitri week", "2023-04-18 10:00", "2023-04-26 09:00", int64(1), int64(6)},             // 26 | 19 20 21 24 25 26
		{"into idulfitri", "2023-04-14 10:00", "2023-04-18 09:00", int64(2), int64(2)},             // 17 18
		{"within cuti bersama", "2023-04-18 10:00", "2023-04-25 16:00", int64(0), int64(5)},        // - | 19 20 21 24 25
		{"good friday", "2023-04-06 10:00", "2023-04-10 09:00", int64(1), int64(1)},                // 7 April is a holiday
		{"nyepi and its cuti bersama", "2023-03-21 10:00", "2023-03-24 09:00", int64(1), int64(2)}, // 24 | 23 24
		{"year end", "2022-12-28 10:00", "2023-01-03 09:00", int64(4), int64(4)},                   // 29 30, 2 3
		{"new year weekend", "2022-12-31 10:00", "2023-01-01 09:00", int64(0), int64(0)},           // Sat to the Sunday holiday
		{"friday to monday", "2022-12-30 16:00", "2023-01-02 08:00", int64(1), int64(1)},
		{"same day", "2023-03-13 08:00", "2023-03-13 17:00", int64(0), int64(0)},
		{"same day on a holiday", "2023-03-22 08:00", "2023-03-22 17:00", int64(0), int64(0)},
		{"same day on cuti bersama", "2023-04-20 08:00", "2023-04-20 17:00", int64(0), int64(0)},
		{"backwards", "2023-03-24 08:00", "2023-03-13 17:00", int64(0), int64(0)},
		{"no end", "2023-03-13 08:00", "", nil, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for setting, want := range map[string]any{"cuti off": c.off, "cuti open": c.open} {
				var b any = c.b
				if c.b == "" {
					b = nil
				}
				var got any
				err := dbs[setting].QueryRowContext(context.Background(),
					`SELECT workdays(?::TIMESTAMP, ?::TIMESTAMP)`, c.a, b).Scan(&got)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%s: workdays(%s, %s) (-want +got):\n%s", setting, c.a, c.b, diff)
				}
			}
		})
	}
}

// TestViews checks a few rows of each analysts' view on the fixture.
func TestViews(t *testing.T) {
	db := fixtureDB(t, config.Default())
	cases := []struct {
		name  string
		query string
		want  []any
	}{
		{"applications", `SELECT count(*), count(*) FILTER (WHERE service = 'ktp_el'),
			max(print_lead_workdays) FILTER (WHERE application_id = 'A5'),
			max(spoiled_cards) FILTER (WHERE application_id = 'A5'),
			max(last_stage) FILTER (WHERE application_id = 'A7') FROM applications`,
			[]any{int64(17), int64(12), int32(9), int64(1), "cancelled"}},
		{"complaint_facts", `SELECT resolution_workdays, sla_days, sla_met, response_hours FROM complaint_facts WHERE complaint_id = 'C2'`,
			[]any{int32(6), int32(5), false, 24.0}},
		{"complaint_facts same day", `SELECT resolution_workdays, sla_met FROM complaint_facts WHERE complaint_id = 'C1'`,
			[]any{int32(0), true}},
		{"complaint_facts rejected", `SELECT closed_at::TEXT, sla_met FROM complaint_facts WHERE complaint_id = 'C6'`,
			[]any{"2023-03-29 10:00:00", nil}},
		{"blanko_ledger count day", `SELECT received, consumed, counted, book_stock, stock FROM blanko_ledger
			WHERE office_code = 'KEC-01' AND date = DATE '2023-03-24'`,
			[]any{int64(0), int64(1), int64(1), int64(2), int64(1)}},
		{"blanko_ledger no count", `SELECT stock FROM blanko_ledger WHERE office_code = 'DINAS' AND date = DATE '2023-03-28'`,
			[]any{int64(3)}},
		{"settings", `SELECT region_code, cuti_bersama_off, issuance_standard_days, (SELECT days FROM sla_limits WHERE tier = 'pengawasan') FROM settings`,
			[]any{"3216", true, int32(4), int32(60)}},
		{"kpi_weekly weeks", `SELECT min(week), max(week), count(DISTINCT scope) FROM kpi_weekly`,
			[]any{"2022-W52", "2023-W14", int64(5)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := make([]any, len(c.want))
			ptrs := make([]any, len(c.want))
			for i := range got {
				ptrs[i] = &got[i]
			}
			if err := db.QueryRowContext(context.Background(), c.query).Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestKPIWeeklyIsCompute checks that the kpi_weekly table Refresh fills and
// Compute agree:
// they run the same SQL files.
func TestKPIWeeklyIsCompute(t *testing.T) {
	ctx := context.Background()
	db := fixtureDB(t, config.Default())
	want, err := kpi.Compute(ctx, db, kpi.SettingsFrom(config.Default()), kpi.Query{From: "2023-W11", To: "2023-W13",
		Scopes: []string{"region", "office", "kecamatan", "province", "national"}})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := db.QueryContext(ctx, `SELECT week, scope, scope_id, kpi, value FROM kpi_weekly WHERE week BETWEEN '2023-W11' AND '2023-W13'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	type key struct{ week, scope, id, kpi string }
	got := map[key]string{}
	for rows.Next() {
		var k key
		var v sql.NullFloat64
		if err := rows.Scan(&k.week, &k.scope, &k.id, &k.kpi, &v); err != nil {
			t.Fatal(err)
		}
		var p *float64
		if v.Valid {
			p = &v.Float64
		}
		got[k] = encode.FormatValue(p)
	}
	wantMap := map[key]string{}
	for _, v := range want {
		wantMap[key{v.Week, v.Scope, v.ScopeID, v.KPI}] = encode.FormatValue(v.Value)
	}
	if diff := cmp.Diff(wantMap, got); diff != "" {
		t.Errorf("kpi_weekly vs Compute (-want +got):\n%s", diff)
	}
}
