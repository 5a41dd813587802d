package reports

import "testing"

func TestChange(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	for _, tc := range []struct {
		name          string
		l             Lang
		cur, prev     *float64
		unit          string
		lowerIsBetter bool
		short, card   string
		class         string
	}{
		{"up 12%", Indonesian, f(112), f(100), "count", true, "▲ 12 (12%)", "▲ 12 (12%) dari pekan lalu", "worse"},
		{"down 50%", Indonesian, f(50), f(100), "count", true, "▼ 50 (50%)", "▼ 50 (50%) dari pekan lalu", "better"},
		{"unchanged", Indonesian, f(100), f(100), "count", true, "= sama", "= sama dengan pekan lalu", "same"},
		// 2.299 → 2.288 is 0,5%: a change, never "= sama".
		{"half a percent", Indonesian, f(2288), f(2299), "count", false, "▼ 11 (0,5%)", "▼ 11 (0,5%) dari pekan lalu", "worse"},
		// 10.000 → 10.003 is 0,03%: still not the same.
		{"under 0,1%", Indonesian, f(10003), f(10000), "count", true, "▲ 3 (< 0,1%)", "▲ 3 (< 0,1%) dari pekan lalu", "worse"},
		{"under 0.1% en", English, f(9997), f(10000), "count", false, "▼ 3 (< 0.1%)", "▼ 3 (< 0.1%) on last week", "worse"},
		// shares move in points: 0,9012 − 0,9010 = 0,02 points, shown with the decimals it needs.
		{"share of 0,02 points", Indonesian, f(0.9012), f(0.9010), "share", false, "▲ 0,02 poin", "▲ 0,02 poin dari pekan lalu", "better"},
		{"share 1,5 points", Indonesian, f(0.915), f(0.9), "share", false, "▲ 1,5 poin", "▲ 1,5 poin dari pekan lalu", "better"},
		{"workdays", Indonesian, f(11), f(10), "workdays", true, "▲ 1,0 hari kerja (10%)", "▲ 1,0 hari kerja (10%) dari pekan lalu", "worse"},
		{"from zero", Indonesian, f(3), f(0), "count", true, "▲ 3", "▲ 3 dari pekan lalu", "worse"},
		{"no comparison", Indonesian, f(3), nil, "count", true, "tidak ada pembanding", "tidak ada pembanding", "same"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			short, class := changeShort(tc.l, tc.cur, tc.prev, tc.unit, tc.lowerIsBetter)
			card, _ := change(tc.l, tc.cur, tc.prev, tc.unit, tc.lowerIsBetter)
			if short != tc.short || card != tc.card || class != tc.class {
				t.Errorf("got %q / %q (%s), want %q / %q (%s)", short, card, class, tc.short, tc.card, tc.class)
			}
		})
	}
}

// TestClaimHolds checks the truth condition the narrative keeps claims by.
func TestClaimHolds(t *testing.T) {
	fig := func(v float64) Figure { return Figure{Value: v} }
	for _, tc := range []struct {
		name string
		c    Claim
		want bool
	}{
		{"prints above recordings", Claim{Figures: []Figure{fig(865), fig(458)}, Compares: []Compare{{0, 1, ">"}}}, true},
		{"equal is not above", Claim{Figures: []Figure{fig(50), fig(50)}, Compares: []Compare{{0, 1, ">"}}}, false},
		{"equal", Claim{Figures: []Figure{fig(0), fig(0)}, Compares: []Compare{{0, 1, "="}}}, true},
		{"2.288 is not the same as 2.299", Claim{Figures: []Figure{fig(2288), fig(2299)}, Compares: []Compare{{0, 1, "="}}}, false},
		{"overdue within open", Claim{Figures: []Figure{fig(193), fig(235)}, Compares: []Compare{{0, 1, "≤"}}}, true},
		{"a comparison past the figures", Claim{Figures: []Figure{fig(1)}, Compares: []Compare{{0, 1, "≤"}}}, false},
		{"no comparison", Claim{Figures: []Figure{fig(1)}}, true},
	} {
		if got := tc.c.Holds(); got != tc.want {
			t.Errorf("%s: Holds() = %v, want %v", tc.name, got, tc.want)
		}
	}
}
