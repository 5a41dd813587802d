package synth

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/xuri/excelize/v2"
)

// shortConfig is a small, fast configuration that still crosses the
// start of the blanko shortage.
func shortConfig(format string) Config {
	return Config{From: day(2022, 9, 26), To: day(2022, 10, 16), Seed: 42, Scale: 0.05, Format: format}
}

func TestDeterministic(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
	}{
		{"csv", shortConfig("csv")},
		{"ndjson", shortConfig("ndjson")},
		{"parquet", shortConfig("parquet")},
		{"arrow", shortConfig("arrow")},
		{"xlsx", shortConfig("xlsx")},
		{"messy", func() Config { c := shortConfig("csv"); c.Messy = true; return c }()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := t.TempDir(), t.TempDir()
			sa, err := Generate(context.Background(), tc.cfg, a)
			if err != nil {
				t.Fatal(err)
			}
			sb, err := Generate(context.Background(), tc.cfg, b)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(sa.Files) != fmt.Sprint(sb.Files) {
				t.Fatalf("summaries differ: %v vs %v", sa.Files, sb.Files)
			}
			names := []string{}
			for _, f := range sa.Files {
				names = append(names, f.Name)
			}
			if sa.Manifest != "" {
				names = append(names, "manifest.csv")
			}
			for _, n := range names {
				x, err := os.ReadFile(filepath.Join(a, n))
				if err != nil {
					t.Fatal(err)
				}
				y, err := os.ReadFile(filepath.Join(b, n))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(x, y) {
					t.Errorf("%s differs between two runs with the same config", n)
				}
			}
			// A different seed gives different data.
			c := tc.cfg
			c.Seed++
			d := t.TempDir()
			if _, err := Generate(context.Background(), c, d); err != nil {
				t.Fatal(err)
			}
			x, _ := os.ReadFile(filepath.Join(a, names[0]))
			y, _ := os.ReadFile(filepath.Join(d, names[0]))
			if bytes.Equal(x, y) {
				t.Errorf("%s is the same for seeds %d and %d", names[0], tc.cfg.Seed, c.Seed)
			}
		})
	}
}

// TestFormatsAgree checks that every format holds the same rows as CSV.
func TestFormatsAgree(t *testing.T) {
	want := map[string][][]string{}
	dir := t.TempDir()
	sum, err := Generate(context.Background(), shortConfig("csv"), dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range sum.Files {
		header, recs := readCSV(t, filepath.Join(dir, f.Name))
		if got := strings.Join(header, ","); got != strings.Join(headerOf(tableOf(f.Kind)), ",") {
			t.Errorf("%s header %s", f.Name, got)
		}
		if len(recs) != f.Rows || f.Rows == 0 {
			t.Errorf("%s: summary says %d rows, file has %d", f.Name, f.Rows, len(recs))
		}
		want[f.Kind] = recs
	}
	for _, format := range []string{"ndjson", "parquet", "arrow", "xlsx"} {
		t.Run(format, func(t *testing.T) {
			dir := t.TempDir()
			sum, err := Generate(context.Background(), shortConfig(format), dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range sum.Files {
				if f.Name != f.Kind+"."+format {
					t.Errorf("file name %s", f.Name)
				}
				got := readAny(t, format, filepath.Join(dir, f.Name), tableOf(f.Kind))
				w := want[f.Kind]
				if len(got) != len(w) {
					t.Fatalf("%s: %d rows, csv has %d", f.Name, len(got), len(w))
				}
				for i := range w {
					if strings.Join(got[i], "|") != strings.Join(w[i], "|") {
						t.Fatalf("%s row %d:\n got %q\nwant %q", f.Name, i+1, got[i], w[i])
					}
				}
			}
		})
	}
}

func TestXLSXRowLimit(t *testing.T) {
	// The default range at scale 1 is refused before anything is written.
	dir := t.TempDir()
	_, err := Generate(context.Background(), Config{Seed: 1, Format: "xlsx"}, dir)
	if !errors.Is(err, ErrXLSXRowLimit) {
		t.Fatalf("got %v, want ErrXLSXRowLimit", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("files left behind: %v", entries)
	}
	// The writer itself stops at its limit.
	w, err := newXLSXWriter(filepath.Join(dir, "x.xlsx"), []string{"a"}, 3)
	if err != nil {
		t.Fatal(err)
	}
	defer w.close()
	for i := range 2 {
		if err := w.writeRow([]cell{num(int64(i))}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.writeRow([]cell{num(3)}); !errors.Is(err, ErrXLSXRowLimit) {
		t.Fatalf("row past the limit: got %v, want ErrXLSXRowLimit", err)
	}
}

func tableOf(kind string) table {
	for _, t := range tables {
		if t.kind == kind {
			return t
		}
	}
	panic("unknown kind " + kind)
}

// readAny reads a file of any plain format into rows of canonical text.
func readAny(t *testing.T, format, path string, tbl table) [][]string {
	t.Helper()
	switch format {
	case "ndjson":
		return readNDJSON(t, path, tbl)
	case "parquet":
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		pr, err := file.NewParquetReader(f)
		if err != nil {
			t.Fatal(err)
		}
		fr, err := pqarrow.NewFileReader(pr, pqarrow.ArrowReadProperties{BatchSize: 1 << 16}, memory.DefaultAllocator)
		if err != nil {
			t.Fatal(err)
		}
		rr, err := fr.GetRecordReader(context.Background(), nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer rr.Release()
		var out [][]string
		for rr.Next() {
			out = append(out, recordRows(t, rr.RecordBatch(), tbl)...)
		}
		return out
	case "arrow":
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		fr, err := ipc.NewFileReader(f)
		if err != nil {
			t.Fatal(err)
		}
		defer fr.Close()
		var out [][]string
		for i := range fr.NumRecords() {
			rec, err := fr.RecordBatch(i)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, recordRows(t, rec, tbl)...)
		}
		return out
	case "xlsx":
		return readXLSX(t, path, tbl)
	}
	t.Fatalf("format %s", format)
	return nil
}

func readNDJSON(t *testing.T, path string, tbl table) [][]string {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	var out [][]string
	for sc.Scan() {
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.UseNumber()
		var obj map[string]any
		if err := dec.Decode(&obj); err != nil {
			t.Fatal(err)
		}
		row := make([]string, len(tbl.columns))
		for i, c := range tbl.columns {
			v, ok := obj[c.name]
			if !ok {
				t.Fatalf("key %s missing", c.name)
			}
			switch v := v.(type) {
			case nil:
			case string:
				row[i] = v
			case json.Number:
				row[i] = v.String()
			default:
				t.Fatalf("%s: unexpected %T", c.name, v)
			}
		}
		out = append(out, row)
	}
	return out
}

func recordRows(t *testing.T, rec arrow.RecordBatch, tbl table) [][]string {
	t.Helper()
	n := int(rec.NumRows())
	out := make([][]string, n)
	for i := range out {
		out[i] = make([]string, len(tbl.columns))
	}
	for c := range tbl.columns {
		col := rec.Column(c)
		for i := range n {
			if col.IsNull(i) {
				continue
			}
			switch a := col.(type) {
			case *array.String:
				out[i][c] = a.Value(i)
			case *array.Int64:
				out[i][c] = strconv.FormatInt(a.Value(i), 10)
			case *array.Timestamp:
				if u := a.DataType().(*arrow.TimestampType); u.Unit != arrow.Microsecond || u.TimeZone != "" {
					t.Fatalf("timestamp type %v", u)
				}
				out[i][c] = time.UnixMicro(int64(a.Value(i))).UTC().Format(time.DateTime)
			case *array.Date32:
				out[i][c] = a.Value(i).ToTime().Format(time.DateOnly)
			default:
				t.Fatalf("column %s: type %T", tbl.columns[c].name, col)
			}
		}
	}
	return out
}

func readXLSX(t *testing.T, path string, tbl table) [][]string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	var out [][]string
	for r, raw := range rows[1:] {
		row := make([]string, len(tbl.columns))
		for c, col := range tbl.columns {
			if c >= len(raw) || raw[c] == "" {
				continue
			}
			v := raw[c]
			switch col.kind {
			case kindTime, kindDate:
				ref, _ := excelize.CoordinatesToCellName(c+1, r+2)
				style, _ := f.GetCellStyle(sheet, ref)
				if style == 0 {
					t.Fatalf("%s %s: a date without a date format", path, ref)
				}
				x, err := strconv.ParseFloat(v, 64)
				if err != nil {
					t.Fatalf("%s %s: %q is not a serial date", path, ref, v)
				}
				secs := int64(math.Round((x + float64(excelEpochDay)) * secondsPerDay))
				if col.kind == kindDate {
					v = formatDate(secs / secondsPerDay)
				} else {
					v = formatWall(secs)
				}
			}
			row[c] = v
		}
		out = append(out, row)
	}
	return out
}
