package synth

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
		want string
	}{
		{"regions", Config{Regions: 600}, "regions 600"},
		{"region codes", Config{RegionCodes: []string{"3216", "9999"}}, `"9999" is not a region code`},
		{"region twice", Config{RegionCodes: []string{"3216", "3216"}}, "3216 is listed twice"},
		{"regions and codes", Config{Regions: 3, RegionCodes: []string{"3216"}}, "one or the other"},
		{"format", Config{Format: "xls"}, `format "xls"`},
		{"scale", Config{Scale: -1}, "scale -1"},
		{"range", Config{From: day(2023, 1, 2), To: day(2023, 1, 1)}, "to is before from"},
		{"messy parquet", Config{Format: "parquet", Messy: true}, "messy"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Generate(context.Background(), tc.cfg, t.TempDir())
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Generate(ctx, Config{Scale: 0.01}, t.TempDir()); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}

// BenchmarkGenerateCSV generates the default range (2022-01..2023-06) at scale 1 as CSV.
func BenchmarkGenerateCSV(b *testing.B) {
	for b.Loop() {
		sum, err := Generate(context.Background(), Config{Seed: 1, Format: "csv"}, b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(sum.Files[0].Rows), "events/op")
	}
}
