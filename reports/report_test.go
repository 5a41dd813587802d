package reports

import (
	"testing"
)

// TestSpecs checks the table of reports: every kind once, with a builder,
// a file name and html first, and each reachable by name.
func TestSpecs(t *testing.T) {
	seen := map[Kind]bool{}
	for _, s := range Specs() {
		if seen[s.Kind] {
			t.Errorf("%s listed twice", s.Kind)
		}
		seen[s.Kind] = true
		if s.build == nil || s.fileName == nil || s.Summary == "" {
			t.Errorf("%s: builder, file name or summary missing", s.Kind)
		}
		if len(s.Formats) == 0 || s.Formats[0] != FormatHTML {
			t.Errorf("%s: formats %v do not start with html", s.Kind, s.Formats)
		}
		if k, err := ParseKind(string(s.Kind)); err != nil || k != s.Kind {
			t.Errorf("ParseKind(%s) = %q, %v", s.Kind, k, err)
		}
	}
	for _, tc := range []struct {
		kind              Kind
		week, scope, want string
	}{
		{KindWeekly, "2023-W01", "KEC-01", "laporan-mingguan-2023-W01-KEC-01.html"},
		{KindPlanner, "2023-W01", "", "rencana-blanko-2023-W01.html"},
		{KindQuality, "2023-W52", "", "kualitas-data-2023-W52.html"},
		{KindIKM, "2023-S1", "", "indeks-kepuasan-2023-S1.html"},
		{KindNational, "2023-W01", "32", "laporan-provinsi-32-2023-W01.html"},
	} {
		if got := FileName(tc.kind, tc.week, tc.scope, Indonesian); got != tc.want {
			t.Errorf("FileName(%s) = %s, want %s", tc.kind, got, tc.want)
		}
	}
	_, err := ParseKind("monthly")
	if want := `report "monthly" is not weekly, planner, quality, ikm or national`; err == nil || err.Error() != want {
		t.Errorf("ParseKind(monthly) = %v, want %s", err, want)
	}
}
