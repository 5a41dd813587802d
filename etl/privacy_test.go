package etl_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/disdukcapil-bekasi/pantau/config"
	"github.com/disdukcapil-bekasi/pantau/etl"
	"github.com/disdukcapil-bekasi/pantau/synth"
	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// TestNoRawNIKInWarehouseFile loads messy data (valid NIKs, 15-digit NIKs,
// NIKs and phone numbers pasted into complaint texts) into a warehouse file
// stored without compression, then searches the file's bytes for every
// NIK-like number of the input. Application ids, which are stored, must be
// found: that proves the search can see stored text.
func TestNoRawNIKInWarehouseFile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	cfg := shortRange
	cfg.Messy = true
	if _, err := synth.Generate(ctx, cfg, filepath.Join(dir, "in")); err != nil {
		t.Fatal(err)
	}
	dbPath := filepath.Join(dir, "w.duckdb")
	w, err := warehouse.Open(ctx, dbPath, warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.DB.Exec(`SET GLOBAL force_compression = 'uncompressed'`); err != nil {
		t.Fatal(err)
	}
	// A column's own compression (migration 0011) wins over the setting:
	// service_events is made again without it.
	if _, err := w.DB.Exec(`CREATE TABLE plain AS FROM service_events LIMIT 0;
		DROP TABLE service_events;
		ALTER TABLE plain RENAME TO service_events`); err != nil {
		t.Fatal(err)
	}
	l, err := etl.NewLoader(ctx, w.DB, config.Default(), key, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.Load(ctx, []string{filepath.Join(dir, "in")}, etl.Options{MaxRejectRate: 1}); err != nil {
		t.Fatal(err)
	}
	l.Close()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	var input []byte
	for _, name := range []string{"service_events.csv", "complaints.csv", "complaints_update.csv"} {
		b, err := os.ReadFile(filepath.Join(dir, "in", name))
		if err != nil {
			t.Fatal(err)
		}
		input = append(input, b...)
	}
	niks := regexp.MustCompile(`\b\d{15,16}\b`).FindAll(input, -1)
	phones := regexp.MustCompile(`08\d{2}-\d{4}-\d{4}`).FindAll(input, -1)
	apps := regexp.MustCompile(`3216-\d{8}-\d{6}`).FindAll(input, 50)
	if len(niks) < 100 || len(phones) == 0 || len(apps) == 0 {
		t.Fatalf("the input has %d NIKs, %d phone numbers, %d application ids", len(niks), len(phones), len(apps))
	}
	stored, err := os.ReadFile(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if wal, err := os.ReadFile(dbPath + ".wal"); err == nil {
		stored = append(stored, wal...)
	}
	found := 0
	for _, a := range apps {
		if bytes.Contains(stored, a) {
			found++
		}
	}
	if found == 0 {
		t.Fatal("no application id found in the file: the byte search cannot see stored text")
	}
	// Every stretch of 15 or more digits in the file, at every offset.
	storedNumbers := map[string]bool{}
	for _, run := range regexp.MustCompile(`\d{15,}`).FindAll(stored, -1) {
		for i := 0; i+15 <= len(run); i++ {
			storedNumbers[string(run[i:i+15])] = true
			if i+16 <= len(run) {
				storedNumbers[string(run[i:i+16])] = true
			}
		}
	}
	for _, n := range niks {
		if storedNumbers[string(n)] {
			t.Errorf("the warehouse file contains the NIK-like number %s", n)
		}
	}
	for _, p := range phones {
		if bytes.Contains(stored, p) {
			t.Errorf("the warehouse file contains the phone number %s", p)
		}
	}
}
