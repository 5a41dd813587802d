package reports

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/kpi/kpiname"
	"github.com/disdukcapil-bekasi/pantau/planning"
)

// rulesSQL adds to the fixture what once split the weekly report from the
// metrics layer: a delivery with no request date and no receipt (the report
// listed it as on order, the stock plan did not) and a pungli report in
// every status, two of them closed only after W11 ended.
const rulesSQL = `
INSERT INTO blanko_deliveries (region_code, delivery_id, office_code, requested_at, quantity_requested, received_at, quantity_received, source, reference, load_id) VALUES
 ('3216','d3','KEC-01',NULL,30,NULL,NULL,'provinsi','no date',1),
 ('3216','d4','DINAS','2023-03-17',20,'2023-03-21',20,'kemendagri','after the week',1);
INSERT INTO complaints (region_code, complaint_id, received_at, channel, category, classified_by, tier, office_code, status, first_response_at, resolved_at, load_id) VALUES
 ('3216','p1','2023-03-13 08:00','lapor','pungli','source','normatif','KEC-01','in_progress','2023-03-14 08:00',NULL,1),
 ('3216','p2','2023-03-13 09:00','lapor','pungli','source','normatif','KEC-01','resolved','2023-03-14 08:00','2023-03-16 08:00',1),
 ('3216','p3','2023-03-13 10:00','lapor','pungli','source','normatif','DINAS','rejected','2023-03-15 08:00',NULL,1),
 ('3216','p4','2023-03-13 11:00','lapor','pungli','source','normatif','DINAS','resolved','2023-03-14 08:00','2023-03-22 08:00',1),
 ('3216','p5','2023-03-13 12:00','lapor','pungli','source','normatif','KEC-01','rejected',NULL,'2023-03-23 08:00',1),
 ('3216','p6','2023-03-13 13:00','lapor','pungli','source','normatif','KEC-01','resolved','2023-03-13 14:00',NULL,1);
`

// TestReportAndMetricsShareRules shows that the weekly report's on-order
// table and the stock plan list the same deliveries, and that the report's
// pungli list and the KPI pungli_reports count the same open reports.
func TestReportAndMetricsShareRules(t *testing.T) {
	ctx := context.Background()
	db := fixtureDB(t)
	if _, err := db.ExecContext(ctx, rulesSQL); err != nil {
		t.Fatal(err)
	}
	refreshKPIs(t, db)
	opt := fixtureOptions(Indonesian)
	opt.Plan = MetricsPlan(opt.Settings, planning.PlanOptions{Horizon: 4})
	w, err := BuildWeekly(ctx, db, opt)
	if err != nil {
		t.Fatal(err)
	}

	var table []string
	for _, d := range w.onOrder {
		table = append(table, d.DeliveryID)
	}
	monday, _ := kpi.ParseWeek("2023-W11")
	plans, err := planning.Plan(ctx, db, opt.Settings, planning.PlanOptions{AsOf: monday.AddDate(0, 0, 6), Horizon: 4})
	if err != nil {
		t.Fatal(err)
	}
	var plan []string
	for _, d := range plans[0].OnOrder {
		plan = append(plan, d.DeliveryID)
	}
	// d2 is on order; d3 names no request date, d4 arrived after the week
	// but was requested in it, so it is on order at the week's end.
	if diff := cmp.Diff([]string{"d2", "d4"}, table); diff != "" {
		t.Errorf("report's on-order table (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(table, plan); diff != "" {
		t.Errorf("report's table (-) and stock plan (+) disagree:\n%s", diff)
	}

	values, err := kpi.Compute(ctx, db, opt.Settings, kpi.Query{From: "2023-W11", Scopes: []string{kpi.ScopeRegion},
		KPIs: []string{kpiname.PungliReports}})
	if err != nil {
		t.Fatal(err)
	}
	kpi := map[string]float64{}
	for _, v := range values {
		kpi[v.KPI] = *v.Value
	}
	open := map[string]bool{}
	for _, p := range w.pungli {
		if p.Status == "open" {
			open[p.ID] = true
		}
	}
	// Open at the end of W11 (Sunday 19 March): c2 (open), p1 (in progress),
	// p4 and p5 (closed on 22 and 23 March) and p6 (resolved, but with no
	// time of resolution). Closed: p2 (resolved 16 March) and p3 (rejected,
	// answered 15 March).
	want := []string{"c2", "p1", "p4", "p5", "p6"}
	got := slices.Sorted(maps.Keys(open))
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("open pungli reports in the list (-want +got):\n%s", diff)
	}
	if kpi[kpiname.PungliReports] != float64(len(w.pungli)) || kpi[kpiname.PungliReportsOpen] != float64(len(open)) {
		t.Errorf("KPI pungli_reports = %v, open %v; the report lists %d, %d open",
			kpi[kpiname.PungliReports], kpi[kpiname.PungliReportsOpen], len(w.pungli), len(open))
	}
}

// TestMessagesDoNotRelabelMeasures: a report names a KPI value or a plan
// measure only by its one label (kpi.Label), so no message of the
// reports may spell a label of its own.
func TestMessagesDoNotRelabelMeasures(t *testing.T) {
	labels := map[string]string{}
	for _, d := range kpi.Definitions() {
		for _, v := range d.Values {
			l := kpi.Label(v.Name)
			labels[strings.ToLower(l.ID)], labels[strings.ToLower(l.EN)] = v.Name, v.Name
		}
	}
	for _, m := range kpi.Measures() {
		labels[strings.ToLower(m.Title.ID)], labels[strings.ToLower(m.Title.EN)] = m.ID, m.ID
	}
	for key, texts := range mergedMessages() {
		for _, text := range texts {
			if name, ok := labels[strings.ToLower(text)]; ok {
				t.Errorf("message %s spells the label of %s; use Lang.Label(%q)", key, name, name)
			}
		}
	}
}

// mergedMessages are the messages of every report.
func mergedMessages() map[string][2]string {
	out := maps.Clone(messages)
	maps.Copy(out, ikmMessages)
	maps.Copy(out, nationalMessages)
	maps.Copy(out, distributionMessages)
	return out
}
