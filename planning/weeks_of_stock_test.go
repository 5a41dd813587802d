package planning_test

import (
	"context"
	"testing"

	"github.com/disdukcapil-bekasi/pantau/config"
	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/kpi/kpiname"
	"github.com/disdukcapil-bekasi/pantau/planning"
)

func TestWeeksOfStock(t *testing.T) {
	for _, c := range []struct {
		name       string
		stock, use float64
		want       float64
		wantOK     bool
	}{
		{"a week and a half", 150, 100, 1.5, true},
		{"nothing in stock", 0, 40, 0, true},
		{"nothing used", 80, 0, 0, false},
		{"nothing at all", 0, 0, 0, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, ok := planning.WeeksOfStock(c.stock, c.use)
			if got != c.want || ok != c.wantOK {
				t.Errorf("WeeksOfStock(%v, %v) = %v, %v; want %v, %v", c.stock, c.use, got, ok, c.want, c.wantOK)
			}
		})
	}
}

// TestWeeksOfStockIsTheKPI: the weeks of stock the planner, the allocation
// and the distribution compute (StockUses, WeeksOfStock) equal the
// weeks_of_cover KPI the weekly report and the national ranking show, for
// the region and every office, in a week of plenty and in the shortage.
func TestWeeksOfStockIsTheKPI(t *testing.T) {
	db := planDB(t)
	ctx := context.Background()
	s := kpi.SettingsFrom(config.Default())
	scopes := []string{kpi.ScopeRegion, kpi.ScopeOffice}
	for _, week := range []string{"2022-W27", "2022-W44"} {
		uses, err := planning.StockUses(ctx, db, s, nil, scopes, week)
		if err != nil {
			t.Fatal(err)
		}
		values, err := kpi.Read(ctx, db, s, kpi.Query{From: week, Scopes: scopes, KPIs: []string{kpiname.WeeksOfCover}})
		if err != nil {
			t.Fatal(err)
		}
		compared := 0
		for _, v := range values {
			u, found := uses[planning.ScopeKey{Scope: v.Scope, ID: v.ScopeID}]
			if !found {
				t.Errorf("%s %s %s: no stock and use", week, v.Scope, v.ScopeID)
				continue
			}
			got, ok := u.Weeks()
			switch {
			case v.Value == nil && ok:
				t.Errorf("%s %s %s: weeks of stock %v, the KPI has none", week, v.Scope, v.ScopeID, got)
			case v.Value != nil && (!ok || got != *v.Value):
				t.Errorf("%s %s %s: weeks of stock %v (%v), the KPI %v", week, v.Scope, v.ScopeID, got, ok, *v.Value)
			case v.Value != nil:
				compared++
			}
		}
		if compared < 20 {
			t.Errorf("%s: only %d scopes with a value to compare", week, compared)
		}
	}
}
