package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// TestSQLToXLSX writes a query result with every kind of value to a
// worksheet and reads it back: numbers are numbers, dates and timestamps
// are Excel serial numbers with a date format, NULL is an empty cell.
func TestSQLToXLSX(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	w, err := warehouse.Open(context.Background(), db, warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	out := filepath.Join(dir, "hasil.xlsx")
	// 2023-01-02 is Excel day 44928; 09:30 is 0.395833…; the TIMESTAMPTZ
	// 02:30 UTC is 09:30 in Bekasi (WIB, +07).
	query := `SELECT * FROM (VALUES
		(1, 2.5::DOUBLE, 12.34::DECIMAL(10,2), DATE '2023-01-02', TIMESTAMP '2023-01-02 09:30:00', TIMESTAMPTZ '2023-01-02 02:30:00+00', 'KEC-01', true, 170141183460469231731687303715884105727::HUGEINT),
		(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL))
		AS t(n, x, d, day, seen, seen_tz, office, ok, big) ORDER BY n NULLS LAST`
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"sql", "--db", db, "--format", "xlsx", "--out", out, query}, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("pantau sql exit %d: %s", code, stderr.String())
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !cmp.Equal(got, []string{"hasil"}) {
		t.Fatalf("sheets %v, want [hasil]", got)
	}
	raw, err := f.GetRows("hasil", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	shown, err := f.GetRows("hasil")
	if err != nil {
		t.Fatal(err)
	}
	wantRaw := [][]string{
		{"n", "x", "d", "day", "seen", "seen_tz", "office", "ok", "big"},
		{"1", "2.5", "12.34", "44928", "44928.395833333336", "44928.395833333336", "KEC-01", "1", "170141183460469000000000000000000000000"},
	}
	if diff := cmp.Diff(wantRaw, raw); diff != "" {
		t.Errorf("raw cells (-want +got):\n%s", diff)
	}
	if got := shown[1][3:6]; !cmp.Equal(got, []string{"2023-01-02", "2023-01-02 09:30:00", "2023-01-02 09:30:00"}) {
		t.Errorf("dates shown as %q", got)
	}
	for _, c := range []string{"A2", "B2", "C2", "D2", "E2", "I2"} {
		if typ, _ := f.GetCellType("hasil", c); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
			t.Errorf("%s is of type %v, want a number", c, typ)
		}
	}
	if typ, _ := f.GetCellType("hasil", "G2"); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
		t.Errorf("G2 is of type %v, want a string", typ)
	}
	// The NULL row: empty cells.
	for i, c := range []string{"A3", "B3", "C3", "D3", "E3", "F3", "G3", "H3", "I3"} {
		if v, _ := f.GetCellValue("hasil", c); v != "" {
			t.Errorf("NULL in column %d reads %q", i+1, v)
		}
	}
	props, err := f.GetDocProps()
	if err != nil || !strings.Contains(props.Description, "HUGEINT") {
		t.Errorf("the query is not in the file's description: %+v %v", props, err)
	}
	// Without --out the binary file has nowhere to go.
	stderr.Reset()
	if code := run(context.Background(), []string{"sql", "--db", db, "--format", "xlsx", "SELECT 1"}, strings.NewReader(""), &stdout, &stderr); code != 2 {
		t.Errorf("xlsx without --out: exit %d, want 2 (%s)", code, stderr.String())
	}
}
