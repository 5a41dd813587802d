package synth

import (
	"fmt"
	"slices"
	"strings"

	"github.com/disdukcapil-bekasi/pantau/reference"
)

// Many regions share the national story and differ in their own. The blanko
// cut of October 2022 was the ministry's, so every region gets the same
// delivery calendar (none in August–September 2022, a trickle from October,
// the recovery from the second half of January 2023); each region other
// than Kabupaten Bekasi draws from its own stream (seed and region code):
//
//   - depth: the cards it received during the cut (October–December 2022) are
//     Bekasi's quantities times a factor between 0.35 (hit harder) and 1.6
//     (spared a little); even at 1.6 a cut delivery stays below any
//     delivery before the cut;
//   - recovery: the two catch-up deliveries (Bekasi: 19 January and
//     2 February 2023) come between a week earlier and five weeks later, and
//     bring between 70% and 130% of Bekasi's quantities;
//   - every other delivery arrives 0–4 days after the ministry's date;
//   - local incidents: its own Sitepak outage days (about twelve in
//     2022–2023), its own three pungli desks and four officers with a
//     reputation for etiquette complaints.
//
// Kabupaten Bekasi keeps the story it always had (factor 1, no shift, its
// known outage days and desks), so its data does not change.

// regionStory is what a region draws for itself.
type regionStory struct {
	cutDepth      float64 // multiplies the cards received during the cut
	recoveryShift int64   // days the catch-up deliveries move
	recoveryScale float64 // multiplies the catch-up quantities
	jitter        []int64 // days each planned delivery is late, in plan order; nil for Bekasi
	outages       []int64 // Sitepak outage days, sorted
	pungliDesks   []string
	problemDesks  []string
}

// The story deliveries of the cut and of the recovery (storyDeliveries).
var (
	cutStart      = daysFromCivil(2022, 10, 1)
	cutEnd        = daysFromCivil(2022, 12, 31)
	recoveryStart = daysFromCivil(2023, 1, 19)
	recoveryEnd   = daysFromCivil(2023, 2, 2)
)

func bekasiStory() regionStory {
	return regionStory{cutDepth: 1, recoveryScale: 1, outages: sitepakOutages(),
		pungliDesks: []string{"KEC-06", "KEC-08", "KEC-19"}, problemDesks: []string{"KEC-06", "KEC-08", "KEC-02", "KEC-19"}}
}

// drawStory draws the story of region w from seed; Kabupaten Bekasi's is fixed.
func drawStory(seed int64, w *world) regionStory {
	if w.regionCode == reference.RegionCode {
		return bekasiStory()
	}
	r := newRand(seed, w.regionCode, streamRegion)
	s := regionStory{
		cutDepth:      0.35 + 1.25*r.Float64(),
		recoveryShift: between(r, -7, 35),
		recoveryScale: 0.7 + 0.6*r.Float64(),
	}
	for range 64 {
		s.jitter = append(s.jitter, between(r, 0, 4))
	}
	first, last := daysFromCivil(2022, 1, 1), daysFromCivil(2023, 6, 30)
	for range 12 {
		d := between(r, first, last)
		s.outages = append(s.outages, d)
		if r.Float64() < 0.4 { // an outage often lasts two days
			s.outages = append(s.outages, d+1)
		}
	}
	slices.Sort(s.outages)
	s.outages = slices.Compact(s.outages)
	var desks []string
	for _, o := range w.offices {
		if o.Type == officeKecamatan {
			desks = append(desks, o.Code)
		}
	}
	r.Shuffle(len(desks), func(i, j int) { desks[i], desks[j] = desks[j], desks[i] })
	s.pungliDesks = desks[:min(3, len(desks))]
	r.Shuffle(len(desks), func(i, j int) { desks[i], desks[j] = desks[j], desks[i] })
	s.problemDesks = slices.Clone(desks[:min(4, len(desks))])
	return s
}

// delivery adjusts a story delivery (months of demand received, its day) to
// the region: its depth in the cut, its recovery; i is its place in the plan.
func (s regionStory) delivery(i int, day int64, months float64) (int64, float64) {
	switch {
	case day >= cutStart && day <= cutEnd:
		months *= s.cutDepth
	case day >= recoveryStart && day <= recoveryEnd:
		day += s.recoveryShift
		months *= s.recoveryScale
	}
	if s.jitter != nil {
		day += s.jitter[i%len(s.jitter)]
	}
	return day, months
}

// SelectRegions returns the region codes of "--regions n": Kabupaten Bekasi
// (the home region) first, then the other regencies and cities of Jawa Barat
// (province 32) from the most populous, then those of the other provinces
// from the most populous. With n of 3 or more this is the n most populous
// of Jawa Barat (Bekasi is the third), then the nation's.
func SelectRegions(n int) ([]string, error) {
	nation, err := reference.LoadNation()
	if err != nil {
		return nil, err
	}
	if n < 1 || n > len(nation.Regencies) {
		return nil, fmt.Errorf("regions %d: must be between 1 and %d", n, len(nation.Regencies))
	}
	gs := slices.Clone(nation.Regencies)
	home := reference.RegionCode[:2]
	rank := func(g reference.Regency) int {
		switch {
		case g.RegionCode == reference.RegionCode:
			return 0
		case g.ProvinceCode == home:
			return 1
		}
		return 2
	}
	slices.SortStableFunc(gs, func(a, b reference.Regency) int {
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra - rb
		}
		if a.Population != b.Population {
			return b.Population - a.Population
		}
		return strings.Compare(a.RegionCode, b.RegionCode)
	})
	out := make([]string, n)
	for i := range out {
		out[i] = gs[i].RegionCode
	}
	return out, nil
}

// ParseRegions reads the --regions flag: a count ("4") or a comma-separated
// list of region codes ("3216,3273,9171"), each checked against the national
// reference and listed once.
func ParseRegions(s string) ([]string, error) {
	s = strings.TrimSpace(s)
	if !strings.Contains(s, ",") && len(s) < 4 {
		n := 0
		if _, err := fmt.Sscanf(s, "%d", &n); err != nil || fmt.Sprint(n) != s {
			return nil, fmt.Errorf("regions %q: want a number of regions or region codes like 3216,9171", s)
		}
		return SelectRegions(n)
	}
	nation, err := reference.LoadNation()
	if err != nil {
		return nil, err
	}
	var out []string
	for _, c := range strings.Split(s, ",") {
		c = strings.TrimSpace(c)
		if _, ok := nation.Regency(c); !ok {
			return nil, fmt.Errorf("regions: %q is not a region code of the national reference (4 digits, like 3216)", c)
		}
		if slices.Contains(out, c) {
			return nil, fmt.Errorf("regions: %s is listed twice", c)
		}
		out = append(out, c)
	}
	return out, nil
}
