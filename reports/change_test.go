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
		{"up 12%", Indonesian, f(112), f(100), "count", true, "▲ 12%", "▲ 12% dari pekan lalu", "worse"},
		{"down 50%", Indonesian, f(50), f(100), "count", true, "▼ 50%", "▼ 50% dari pekan lalu", "better"},
		{"unchanged", Indonesian, f(100), f(100), "count", true, "= sama", "= sama dengan pekan lalu", "same"},
		// 10.000 → 10.003 is 0,03%: it reads as zero, so it is the same.
		{"rounds to 0%", Indonesian, f(10003), f(10000), "count", true, "= sama", "= sama dengan pekan lalu", "same"},
		{"rounds to 0% en", English, f(9997), f(10000), "count", false, "= same", "= same as last week", "same"},
		// shares move in points: 0,9012 − 0,9010 = 0,02 points → 0,0.
		{"share rounds to 0 points", Indonesian, f(0.9012), f(0.9010), "share", false, "= sama", "= sama dengan pekan lalu", "same"},
		{"share 1,5 points", Indonesian, f(0.915), f(0.9), "share", false, "▲ 1,5 poin", "▲ 1,5 poin dari pekan lalu", "better"},
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
