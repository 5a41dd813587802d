package page

import (
	"strconv"
	"testing"
)

// TestSplitFew checks that weeks of fewer items than the minimum leave the
// line and become labelled points, while the data table keeps every week.
func TestSplitFew(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	s := Series{Name: "SLA", Values: []*float64{f(1), f(0), f(0.9), nil}}
	counts := []*float64{f(3), f(0), f(12), f(0)}
	got := SplitFew(s, counts, 10, "(few)", func(n float64) string { return strconv.FormatFloat(n, 'f', 0, 64) })
	if len(got) != 2 {
		t.Fatalf("%d series, want the line and its points", len(got))
	}
	line, dots := got[0], got[1]
	if line.Values[0] != nil || line.Values[1] != nil || *line.Values[2] != 0.9 || len(line.Table) != 4 || *line.Table[0] != 1 {
		t.Errorf("line %v, table %v", line.Values, line.Table)
	}
	if *dots.Values[0] != 1 || *dots.Values[1] != 0 || dots.Values[2] != nil || dots.Labels[0] != "3" || dots.Labels[1] != "0" || !dots.Points || !dots.NoTable {
		t.Errorf("points %v labels %q", dots.Values, dots.Labels)
	}
	if got := SplitFew(s, []*float64{f(10), f(10), f(10), nil}, 10, "(few)", nil); len(got) != 1 {
		t.Errorf("no week is few, yet %d series", len(got))
	}
}
