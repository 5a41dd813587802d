package kpi

import (
	"database/sql"
	"regexp"
	"slices"
	"testing"
	"time"
)

// TestQueryBaseBindsByName: every value of a composed query is bound by
// name, and every $name the query uses (the base parts', the shared parts',
// every KPI's) has its argument: DuckDB binds a $name it is not given by
// position, which is what this keeps out.
func TestQueryBaseBindsByName(t *testing.T) {
	s := Settings{RegionCode: "3216", CutiBersamaOff: true, IssuanceStandardDays: 14,
		SLADays: map[string]int{"cepat": 3, "biasa": 14}}
	monday := time.Date(2023, 3, 13, 0, 0, 0, 0, time.UTC)
	base, args := QueryBaseOf(s, []string{"3216", "3275"}, []string{ScopeRegion, ScopeOffice, ScopeKecamatan}, monday, monday.AddDate(0, 0, 7))
	query := Compose(base, unionOf(Definitions())+"\nUNION ALL SELECT NULL, NULL, NULL, $office, NULL")
	var given []string
	for _, a := range args {
		n, ok := a.(sql.NamedArg)
		if !ok {
			t.Fatalf("argument %v is bound by position", a)
		}
		given = append(given, n.Name)
	}
	given = append(given, "office") // the final select's own
	comments := regexp.MustCompile(`--[^\n]*`)
	var used []string
	for _, m := range regexp.MustCompile(`\$([A-Za-z_][A-Za-z0-9_]*)`).FindAllStringSubmatch(comments.ReplaceAllString(query, ""), -1) {
		used = append(used, m[1])
	}
	slices.Sort(given)
	slices.Sort(used)
	used = slices.Compact(used)
	if !slices.Equal(given, used) {
		t.Errorf("the query uses %v, the arguments name %v", used, given)
	}
	for _, want := range []string{"sla_tier_2", "sla_days_2", "scope_3", "region_2", "first_monday", "last_monday"} {
		if !slices.Contains(given, want) {
			t.Errorf("no $%s among %v", want, given)
		}
	}
}
