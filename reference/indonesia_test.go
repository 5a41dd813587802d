package reference

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNationCounts(t *testing.T) {
	n, err := LoadNation()
	if err != nil {
		t.Fatal(err)
	}
	if got := []int{len(n.Provinces), len(n.Regencies), len(n.Districts)}; !cmp.Equal(got, []int{38, 514, 7285}) {
		t.Errorf("provinces, regencies, kecamatan = %v, want [38 514 7285]", got)
	}
	total := 0
	for _, p := range n.Provinces {
		total += p.Population
	}
	if total != 284973643 {
		t.Errorf("national population = %d, want 284,973,643 (README)", total)
	}
}

func TestNationConsistent(t *testing.T) {
	n, err := LoadNation()
	if err != nil {
		t.Fatal(err)
	}
	zones := map[string]bool{ZoneWIB: true, ZoneWITA: true, ZoneWIT: true}
	province := map[string]Province{}
	for _, p := range n.Provinces {
		province[p.Code] = p
		if !zones[p.TimeZone] {
			t.Errorf("province %s: time zone %q", p.Code, p.TimeZone)
		}
	}
	for _, g := range n.Regencies {
		p, ok := province[g.ProvinceCode]
		if !ok {
			t.Errorf("regency %s: province %s does not exist", g.RegionCode, g.ProvinceCode)
			continue
		}
		if g.TimeZone != p.TimeZone {
			t.Errorf("regency %s: zone %s, its province %s", g.RegionCode, g.TimeZone, p.TimeZone)
		}
		if len(g.RegionCode) != 4 || !strings.HasPrefix(g.RegionCode, g.ProvinceCode) {
			t.Errorf("regency %s: not a 4-digit code of province %s", g.RegionCode, g.ProvinceCode)
		}
		ds := n.DistrictsOf(g.RegionCode)
		if len(ds) != g.KecamatanCount {
			t.Errorf("regency %s: %d kecamatan, kecamatan_count %d", g.RegionCode, len(ds), g.KecamatanCount)
		}
		for _, d := range ds {
			if d.RegionCode != g.RegionCode || !strings.HasPrefix(d.Code, g.RegionCode) {
				t.Errorf("kecamatan %s: region %s", d.Code, d.RegionCode)
			}
		}
		if g.Population <= 0 {
			t.Errorf("regency %s: population %d", g.RegionCode, g.Population)
		}
	}
	if g, ok := n.Regency("9171"); !ok || g.TimeZone != ZoneWIT || g.Name != "Kota Jayapura" {
		t.Errorf("9171 = %+v, %v", g, ok)
	}
	if g, _ := n.Regency(RegionCode); g.Population != RegionPopulation || g.Name != RegionName || g.TimeZone != TimeZone {
		t.Errorf("3216 = %+v", g)
	}
}

// TestBekasiAgrees: the national list's 23 kecamatan of Kabupaten Bekasi
// are the detailed file's, same codes and names in the same order.
func TestBekasiAgrees(t *testing.T) {
	n, err := LoadNation()
	if err != nil {
		t.Fatal(err)
	}
	detailed, err := KecamatanList()
	if err != nil {
		t.Fatal(err)
	}
	var want, got []string
	for _, k := range detailed {
		want = append(want, k.Code+" "+k.Name)
	}
	for _, d := range n.DistrictsOf(RegionCode) {
		got = append(got, d.KemendagriCode+" "+d.Name)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Bekasi kecamatan (-detailed +national):\n%s", diff)
	}
	for i, k := range detailed {
		if d := n.DistrictsOf(RegionCode)[i]; d.DesaCount != k.DesaCount {
			t.Errorf("%s: desa %d (national) vs %d (detailed)", k.Code, d.DesaCount, k.DesaCount)
		}
	}
}

func TestOffices(t *testing.T) {
	n, err := LoadNation()
	if err != nil {
		t.Fatal(err)
	}
	bekasi, err := n.OfficesOf(RegionCode)
	if err != nil || len(bekasi) != 30 || bekasi[0].Code != "DINAS" || bekasi[1].Code != "KEC-01" {
		t.Fatalf("Bekasi offices: %d, %v", len(bekasi), err)
	}
	jayapura, err := n.OfficesOf("9171")
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, o := range jayapura {
		codes = append(codes, o.Code+" "+o.Type+" "+o.KecamatanCode)
	}
	want := []string{"9171-DINAS dinas ", "9171-KEC-01 kecamatan 91.71.01", "9171-KEC-02 kecamatan 91.71.02",
		"9171-KEC-03 kecamatan 91.71.03", "9171-KEC-04 kecamatan 91.71.04", "9171-KEC-05 kecamatan 91.71.05", "9171-ONLINE online "}
	if diff := cmp.Diff(want, codes); diff != "" {
		t.Errorf("Jayapura offices (-want +got):\n%s", diff)
	}
	seen := map[string]bool{}
	total := 0
	for _, g := range n.Regencies {
		os, err := n.OfficesOf(g.RegionCode)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range os {
			if seen[o.Code] {
				t.Errorf("office code %s twice", o.Code)
			}
			seen[o.Code] = true
		}
		total += len(os)
	}
	// 30 real offices of Bekasi, and 1 + kecamatan + 1 for the other 513.
	if want := 30 + (7285 - 23) + 2*513; total != want {
		t.Errorf("%d offices, want %d", total, want)
	}
	if _, err := n.OfficesOf("9999"); err == nil {
		t.Error("an unknown region has offices")
	}
}
