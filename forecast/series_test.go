package forecast_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/disdukcapil-bekasi/pantau/forecast"
	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func TestRunSeriesGolden(t *testing.T) {
	tests := []struct {
		format, golden string
	}{
		{format: "csv", golden: "series.golden.csv"},
		{format: "json", golden: "series.golden.json"},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			in, err := os.Open(filepath.Join("testdata", "series.csv"))
			if err != nil {
				t.Fatal(err)
			}
			defer in.Close()
			var out bytes.Buffer
			if err := forecast.RunSeries(context.Background(), in, "series.csv", &out, 4, tt.format); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", tt.golden)
			if *update {
				if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), out.String()); diff != "" {
				t.Errorf("%s (-want +got):\n%s", path, diff)
			}
		})
	}
}

func TestRunSeriesErrors(t *testing.T) {
	tests := []struct {
		name, in string
		want     string
	}{
		{name: "empty input", in: "", want: `in.csv:1:header: empty input, want a header series_id,t,value`},
		{name: "missing column", in: "series_id,t\na,1\n", want: `in.csv:1:header: missing column "value"`},
		{name: "bad value", in: "series_id,t,value\na,1,10\na,2,abc\n", want: `in.csv:3:value: "abc" is not a number`},
		{name: "infinite value", in: "series_id,t,value\na,1,Inf\n", want: `in.csv:2:value: "Inf" is not a finite number`},
		{name: "bad t", in: "series_id,t,value\na,31/01/2024,1\n", want: `in.csv:2:t: "31/01/2024" is not an integer or a YYYY-MM-DD date`},
		{name: "short row", in: "series_id,t,value\na,1\n", want: `in.csv:2:value: missing`},
		{name: "empty id", in: "series_id,t,value\n ,1,2\n", want: `in.csv:2:series_id: empty series id`},
		{name: "duplicate t", in: "series_id,t,value\na,1,1\nb,1,1\na,1,2\n", want: `in.csv:4:t: t 1 of series "a" already given on line 2`},
		{name: "mixed t", in: "series_id,t,value\na,1,1\na,2024-01-01,2\n", want: `in.csv:3:t: "2024-01-01" is not an integer like the earlier t of series "a"`},
		{name: "csv syntax", in: "series_id,t,value\na,1,\"2\n", want: `in.csv:2:8: extraneous or missing " in quoted-field`},
		{
			name: "several errors collected",
			in:   "series_id,t,value\na,x,1\na,2,y\n",
			want: "in.csv:2:t: \"x\" is not an integer or a YYYY-MM-DD date\nin.csv:3:value: \"y\" is not a number",
		},
		{name: "bad calendar", in: "series_id,t,value,calendar\na,1,10,5\na,2,11,-1\n", want: `in.csv:3:calendar: "-1" is not a number of working days (0 or more)`},
		{name: "future period before a value", in: "series_id,t,value,calendar\na,1,10,5\na,2,,5\na,3,12,5\n",
			want: `in.csv:4:value: series "a" has a period without a value before this one: only periods after its last value may leave it empty`},
		{name: "empty value without calendar", in: "series_id,t,value,calendar\na,1,10,5\na,2,,\n", want: `in.csv:3:value: "" is not a number`},
		{name: "quoted field across lines", in: "series_id,t,value\n\"a\nb\",1,zz\n", want: `in.csv:3:value: "zz" is not a number`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			err := forecast.RunSeries(context.Background(), strings.NewReader(tt.in), "in.csv", &out, 3, "csv")
			if err == nil {
				t.Fatalf("no error, output %q", out.String())
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
			var pe *forecast.ParseError
			if !errors.As(err, &pe) {
				t.Errorf("error %v is not a *ParseError", err)
			}
			if out.Len() != 0 {
				t.Errorf("wrote %q despite the error", out.String())
			}
		})
	}
}

func TestRunSeriesArguments(t *testing.T) {
	in := "series_id,t,value\na,1,1\n"
	tests := []struct {
		name   string
		h      int
		format string
	}{
		{name: "zero horizon", h: 0, format: "csv"},
		{name: "unknown format", h: 1, format: "xml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := forecast.RunSeries(context.Background(), strings.NewReader(in), "in.csv", &bytes.Buffer{}, tt.h, tt.format); err == nil {
				t.Error("no error")
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := forecast.RunSeries(ctx, strings.NewReader(in), "in.csv", &bytes.Buffer{}, 1, "csv"); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: error = %v", err)
	}
}

// positioned matches one line of a RunSeries input error.
var positioned = regexp.MustCompile(`^fuzz\.csv:[0-9]+:[a-z_0-9]+: .+`)

func FuzzRunSeries(f *testing.F) {
	for _, seed := range []string{
		"series_id,t,value\na,1,10\na,2,12\na,3,11\n",
		"series_id,t,value\nx,2024-01-01,0\nx,2024-01-08,3\ny,1,5\n",
		"value,t,series_id,extra\n1.5,7,s,\n-2e3,8,s,z\n",
		"series_id,t,value\na,1,abc\n",
		"series_id,t,value\na,1,\"2\n",
		"series_id,t\n",
		"\ufeffseries_id,t,value\na,1,NaN\na,1,2\n",
		"series_id,t,value,calendar\na,1,10,5\na,2,4,2\na,3,,0\na,4,,5\nb,1,3,\n",
		"",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		var out bytes.Buffer
		err := forecast.RunSeries(context.Background(), strings.NewReader(in), "fuzz.csv", &out, 2, "csv")
		if err == nil {
			if !strings.HasPrefix(out.String(), "series_id,step,point,lo80,hi80,lo95,hi95,model\n") {
				t.Fatalf("output without header: %q", out.String())
			}
			// The numbers must be finite; the series id may be any text.
			recs, err := csv.NewReader(strings.NewReader(out.String())).ReadAll()
			if err != nil {
				t.Fatalf("output is not CSV: %v", err)
			}
			for _, rec := range recs[1:] {
				for _, cell := range rec[2:7] {
					v, err := strconv.ParseFloat(cell, 64)
					if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
						t.Fatalf("non-finite output %q in %q", cell, out.String())
					}
				}
			}
			return
		}
		for _, line := range strings.Split(err.Error(), "\n") {
			if !positioned.MatchString(line) {
				t.Fatalf("error line %q is not positioned (input %q)", line, in)
			}
		}
	})
}

// TestRunSeriesCalendar: with a calendar column, demand per working day is
// forecast and multiplied back by the forecast periods' working days, given
// by rows without a value; periods without a calendar count as typical.
// Twelve weeks of 100 a working day (a four-day week at 400), then three
// periods to forecast: five, zero and two working days, and a fourth
// without a calendar row (typical, five).
func TestRunSeriesCalendar(t *testing.T) {
	in := "series_id,t,value,calendar\n"
	for week := 1; week <= 12; week++ {
		days := 5
		if week == 6 {
			days = 4
		}
		in += fmt.Sprintf("a,%d,%d,%d\n", week, 100*days, days)
	}
	in += "a,13,,5\na,14,,0\na,15,,2\n"
	var out bytes.Buffer
	if err := forecast.RunSeries(context.Background(), strings.NewReader(in), "in.csv", &out, 4, "csv"); err != nil {
		t.Fatal(err)
	}
	var points []string
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n")[1:] {
		points = append(points, strings.Split(line, ",")[2])
	}
	if diff := cmp.Diff([]string{"500", "0", "200", "500"}, points); diff != "" {
		t.Errorf("points (-want +got):\n%s\n%s", diff, out.String())
	}
}
