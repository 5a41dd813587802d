package synth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/disdukcapil-bekasi/pantau/reference"
)

func TestSelectRegions(t *testing.T) {
	for _, tc := range []struct {
		flag string
		want []string
	}{
		{"1", []string{"3216"}},
		// Bekasi, then Jawa Barat by population: Kab. Bogor, Kab. Bandung, Kab. Sukabumi.
		{"4", []string{"3216", "3201", "3204", "3202"}},
		{"3216,3273,9171", []string{"3216", "3273", "9171"}},
		{"9171", []string{"9171"}},
	} {
		got, err := ParseRegions(tc.flag)
		if err != nil {
			t.Fatalf("%s: %v", tc.flag, err)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.flag, diff)
		}
	}
	all, err := SelectRegions(514)
	if err != nil {
		t.Fatal(err)
	}
	// Jawa Barat has 27 regencies and cities; the 28th is the most populous
	// of the rest of the nation.
	if !strings.HasPrefix(all[26], "32") || strings.HasPrefix(all[27], "32") {
		t.Errorf("27th and 28th: %s, %s", all[26], all[27])
	}
	for _, bad := range []string{"0", "x", "3216,", "3216;9171", "515"} {
		if _, err := ParseRegions(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// hashDir returns the SHA-256 of every file under dir, by its path in dir.
func hashDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		sum := sha256.Sum256(b)
		out[filepath.ToSlash(rel)] = hex.EncodeToString(sum[:])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func generateT(t *testing.T, cfg Config) (string, Summary) {
	t.Helper()
	dir := t.TempDir()
	sum, err := Generate(context.Background(), cfg, dir)
	if err != nil {
		t.Fatal(err)
	}
	return dir, sum
}

// TestDefaultRegionUnchanged: Kabupaten Bekasi alone, asked for or not,
// writes the bytes the generator wrote before it knew other regions (the
// hashes were taken from that generator, commit 4ad53e5).
func TestDefaultRegionUnchanged(t *testing.T) {
	base := Config{Seed: 7, Scale: 0.05, From: day(2022, 12, 1), To: day(2022, 12, 14)}
	want := map[string]string{
		"blanko_deliveries.csv":   "49adc4b73ae0401ce952db7f15058c97d2777b6cf9053de4a39b74a08ef2e18c",
		"blanko_stock_counts.csv": "3c6e2a8cd922747bc5506277a02cd1e774be270de1ae7290ec4b900830a1d31a",
		"complaints.csv":          "d2ee012ab4eb5998fc5a597a04ef5a6a6e159e19ddc82d7276dd4de99c68be9f",
		"service_events.csv":      "c064c6e93eaa684c2ba1c2c9fa96bdc31978a1e100cdaba7af908c3614cad87c",
		// the survey responses came with issue 12, after 4ad53e5: their own stream
		"survey_responses.csv": "e1d57da696086c09177f5a5ac196a82cc02de6a9148e98a3306ec81c3204ecd2",
	}
	for name, cfg := range map[string]Config{
		"no regions":   base,
		"regions 1":    func() Config { c := base; c.Regions = 1; return c }(),
		"regions 3216": func() Config { c := base; c.RegionCodes = []string{"3216"}; return c }(),
	} {
		dir, _ := generateT(t, cfg)
		if diff := cmp.Diff(want, hashDir(t, dir)); diff != "" {
			t.Errorf("%s (-before +now):\n%s", name, diff)
		}
	}
}

// TestRegionsAreIndependent: regions in different zones generated together
// (in parallel, one folder each) write the bytes each writes alone.
func TestRegionsAreIndependent(t *testing.T) {
	base := Config{Seed: 3, Scale: 0.1, From: day(2022, 10, 1), To: day(2022, 10, 21)}
	together := base
	together.RegionCodes = []string{"3216", "9171", "7371"}
	dir, sum := generateT(t, together)
	got := hashDir(t, dir)
	want := map[string]string{}
	for _, code := range together.RegionCodes {
		alone := base
		alone.RegionCodes = []string{code}
		d, _ := generateT(t, alone)
		for name, h := range hashDir(t, d) {
			want[code+"/"+name] = h
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("together vs alone (-alone +together):\n%s", diff)
	}
	if len(sum.Files) != 15 || sum.Files[5].Name != "9171/service_events.csv" {
		t.Errorf("files: %+v", sum.Files)
	}
	// Ids and office codes carry the region code outside Bekasi.
	_, rows := readCSV(t, filepath.Join(dir, "9171", "service_events.csv"))
	for _, r := range rows[:min(50, len(rows))] {
		if !strings.HasPrefix(r[0], "9171E") || !strings.HasPrefix(r[1], "9171-") || !strings.HasPrefix(r[7], "9171-") ||
			(r[9] != "" && !strings.HasPrefix(r[9], "9171-P-")) || !strings.HasPrefix(r[10], "9171") {
			t.Fatalf("a Jayapura row without its region code: %v", r)
		}
	}
}

// TestVolumesFollowPopulation: a region's service events are Bekasi's
// times its population over Bekasi's, within 15%, before the cut.
func TestVolumesFollowPopulation(t *testing.T) {
	nation, err := reference.LoadNation()
	if err != nil {
		t.Fatal(err)
	}
	codes := []string{"3216", "3273", "9171", "5171"}
	_, sum := generateT(t, Config{Seed: 5, Scale: 0.2, From: day(2022, 2, 1), To: day(2022, 4, 30), RegionCodes: codes})
	events := map[string]int{}
	for _, f := range sum.Files {
		if f.Kind == "service_events" {
			events[strings.Split(f.Name, "/")[0]] = f.Rows
		}
	}
	t.Logf("events: %v", events)
	for _, code := range codes[1:] {
		g, _ := nation.Regency(code)
		want := float64(events["3216"]) * float64(g.Population) / reference.RegionPopulation
		if got := float64(events[code]); got < 0.85*want || got > 1.15*want {
			t.Errorf("%s (%s, population %d): %.0f events, want %.0f ± 15%%", code, g.Name, g.Population, got, want)
		}
	}
}

// TestCutInEveryRegion: the ministry's deliveries drop from October 2022
// in every region, each at its own depth.
func TestCutInEveryRegion(t *testing.T) {
	codes := []string{"3216", "9171", "7371", "1101", "3273"}
	dir, _ := generateT(t, Config{Seed: 11, Scale: 0.05, From: day(2022, 3, 1), To: day(2022, 12, 31), RegionCodes: codes})
	ratios := map[float64]bool{}
	for _, code := range codes {
		var before, during int
		eachCSV(t, filepath.Join(dir, code, "blanko_deliveries.csv"), func(col map[string]int, rec []string) {
			if rec[col["source"]] != "kemendagri" || rec[col["received_at"]] == "" {
				return
			}
			q, at := atoiT(t, rec[col["quantity_received"]]), mustDate(t, rec[col["received_at"]])
			switch {
			case !at.Before(day(2022, 3, 1)) && at.Before(day(2022, 8, 1)):
				before += q // five months
			case !at.Before(day(2022, 10, 1)):
				during += q // three months
			}
		})
		perMonthBefore, perMonthDuring := float64(before)/5, float64(during)/3
		if before == 0 || perMonthDuring > 0.6*perMonthBefore {
			t.Errorf("%s: %.0f cards a month before the cut, %.0f during it", code, perMonthBefore, perMonthDuring)
		}
		t.Logf("%s: %.0f cards a month before the cut, %.0f during it", code, perMonthBefore, perMonthDuring)
		ratios[perMonthDuring/perMonthBefore] = true
	}
	if len(ratios) < 4 {
		t.Errorf("regions are hit at the same depth: %v", ratios)
	}
}
