package etl_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/disdukcapil-bekasi/pantau/config"
	"github.com/disdukcapil-bekasi/pantau/etl"
	"github.com/disdukcapil-bekasi/pantau/synth"
	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

var key = []byte("0123456789abcdef0123456789abcdef")

// loadDir generates synthetic data and loads it into a fresh in-memory warehouse.
func loadDir(t *testing.T, cfg synth.Config, maxRejectRate float64) (*warehouse.Warehouse, string, []etl.Result) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	if _, err := synth.Generate(ctx, cfg, dir); err != nil {
		t.Fatal(err)
	}
	w, err := warehouse.Open(ctx, ":memory:", warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	l, err := etl.NewLoader(ctx, w.DB, config.Default(), key, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	results, err := l.Load(ctx, []string{dir}, etl.Options{MaxRejectRate: maxRejectRate})
	if err != nil {
		for _, r := range results {
			t.Log(r.Err)
		}
		t.Fatal(err)
	}
	return w, dir, results
}

// fingerprint summarises every fact table by row count and an
// order-independent hash of its rows (load ids aside).
func fingerprint(t *testing.T, w *warehouse.Warehouse) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, table := range []string{"service_events", "blanko_deliveries", "blanko_stock_counts", "complaints", "survey_responses"} {
		var n int64
		var h string
		var cols string
		if err := w.DB.QueryRow(`SELECT string_agg(column_name, ', ' ORDER BY ordinal_position) FROM information_schema.columns
			WHERE table_name = ? AND column_name <> 'load_id'`, table).Scan(&cols); err != nil {
			t.Fatal(err)
		}
		q := fmt.Sprintf(`SELECT count(*), coalesce(sum(hash(%s)::HUGEINT)::VARCHAR, '') FROM %s`, cols, table)
		if err := w.DB.QueryRow(q).Scan(&n, &h); err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		out[table] = fmt.Sprintf("%d rows, hash %s", n, h)
	}
	return out
}

var shortRange = synth.Config{From: date("2022-12-19"), To: date("2023-01-08"), Seed: 7, Scale: 0.2}

func date(s string) time.Time {
	t, _ := time.Parse(time.DateOnly, s)
	return t
}

// TestFormatsLoadTheSameRows is the conformance suite: the same data in
// every input format must load to the same warehouse rows.
func TestFormatsLoadTheSameRows(t *testing.T) {
	cfg := shortRange
	cfg.Format = "csv"
	base, _, _ := loadDir(t, cfg, 0)
	want := fingerprint(t, base)
	if strings.HasPrefix(want["service_events"], "0 rows") {
		t.Fatal("no service events generated")
	}
	// Every format of the registry, so that a new one cannot skip the suite.
	for _, format := range etl.Formats() {
		if format == etl.FormatCSV {
			continue
		}
		t.Run(string(format), func(t *testing.T) {
			c := shortRange
			c.Format = string(format)
			w, _, _ := loadDir(t, c, 0)
			if diff := cmp.Diff(want, fingerprint(t, w)); diff != "" {
				t.Errorf("%s loads different rows than csv (-csv +%s):\n%s", format, format, diff)
			}
		})
	}
}

// reasonText maps the manifest's reason codes to what the reject must say.
var reasonText = map[string]string{
	"bad_date":          "is not a valid date",
	"negative_quantity": "must not be negative",
	"unknown_office":    "unknown office",
	"bad_nik":           "NIK must have 16 digits",
	"missing_required":  "is required",
	"bad_score":         "is not a score from 1 to 4",
}

// TestMessyRejectsExactlyTheManifest loads the messy output: every row the
// manifest lists as bad is rejected with a reason naming the problem, no
// other row is, and the warehouse ends up with the same rows as the clean data.
func TestMessyRejectsExactlyTheManifest(t *testing.T) {
	cfg := shortRange
	cfg.Messy = true
	w, dir, _ := loadDir(t, cfg, 1)

	f, err := os.Open(filepath.Join(dir, "manifest.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	redacted := map[string]bool{}
	for _, rec := range records[1:] { // file,line,column,value,expect,reason
		switch rec[4] {
		case "reject":
			want = append(want, fmt.Sprintf("%s:%s:%s: %s", rec[0], rec[1], rec[2], reasonText[rec[5]]))
		case "redact":
			redacted[rec[3]] = true
		}
	}
	sort.Strings(want)
	if len(want) == 0 {
		t.Fatal("the manifest plants no bad rows")
	}
	rows, err := w.DB.Query(`SELECT file, line, "column", reason FROM rejects`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var file, column, reason string
		var line int64
		if err := rows.Scan(&file, &line, &column, &reason); err != nil {
			t.Fatal(err)
		}
		summary := reason
		for _, text := range reasonText {
			if strings.Contains(reason, text) {
				summary = text
			}
		}
		got = append(got, fmt.Sprintf("%s:%d:%s: %s", filepath.Base(file), line, column, summary))
	}
	sort.Strings(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rejects differ from the manifest (-manifest +rejects):\n%s", diff)
	}

	clean := shortRange
	clean.Format = "csv"
	base, _, _ := loadDir(t, clean, 0)
	if diff := cmp.Diff(fingerprint(t, base), fingerprint(t, w)); diff != "" {
		t.Errorf("messy data loads different rows than clean (-clean +messy):\n%s", diff)
	}
	if len(redacted) == 0 {
		t.Fatal("the manifest plants no texts to redact")
	}
}
