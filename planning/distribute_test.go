package planning_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/disdukcapil-bekasi/pantau/config"
	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/planning"
)

// TestDistributeByHand works two weeks out on paper.
func TestDistributeByHand(t *testing.T) {
	for _, c := range []struct {
		name  string
		needs []planning.DistributionNeed
		want  planning.Split
	}{
		{
			// The Dinas can spare ⌊1000 − 600⌋ = 400 cards. KEC-A lacks
			// ⌈110.4 − 10 − 0⌉ = 101, KEC-B ⌈80 − 50 − 20⌉ = 10 (20 are on their
			// way), KEC-C none: it holds 200 more than its cover. 111 ≤ 400:
			// both get what they lack, all from the Dinas; KEC-C sends nothing.
			name: "the Dinas has enough",
			needs: []planning.DistributionNeed{
				{Office: "DINAS", Dinas: true, Stock: 1000, Cover: 600},
				{Office: "KEC-A", Stock: 10, Cover: 110.4},
				{Office: "KEC-B", Stock: 50, Cover: 80, OnOrder: 20},
				{Office: "KEC-C", Stock: 300, Cover: 100},
			},
			want: planning.Split{Received: []int{0, 101, 10, 0}, Sent: []int{111, 0, 0, 0},
				Shipments: []planning.Shipment{{From: "DINAS", To: "KEC-A", Cards: 101}, {From: "DINAS", To: "KEC-B", Cards: 10}},
				Spare:     600, Lack: 111, Unmet: 0},
		},
		{
			// Spare: Dinas ⌊701 − 600⌋ = 101, KEC-C ⌊120 − 100⌋ = 20; 121 in all.
			// Lack: KEC-A 150, KEC-B 50, KEC-D 100; 300 in all, more than 121.
			// Shares 121 × lack / 300: A 60.5, B 20.17, D 40.33 → 60, 20, 40
			// (120); the one card left goes to the largest remainder, A's
			// (0.5): A 61, B 20, D 40. The Dinas sends first: A 61 (40 left),
			// B 20 (20 left), D 20; KEC-C sends D's other 20. Unmet 300 − 121 = 179.
			name: "rationed by lack, largest remainder",
			needs: []planning.DistributionNeed{
				{Office: "DINAS", Dinas: true, Stock: 701, Cover: 600},
				{Office: "KEC-A", Stock: 0, Cover: 150},
				{Office: "KEC-B", Stock: 10, Cover: 60},
				{Office: "KEC-C", Stock: 120, Cover: 100},
				{Office: "KEC-D", Stock: 0, Cover: 100},
			},
			want: planning.Split{Received: []int{0, 61, 20, 0, 40}, Sent: []int{101, 0, 0, 20, 0},
				Shipments: []planning.Shipment{{From: "DINAS", To: "KEC-A", Cards: 61}, {From: "DINAS", To: "KEC-B", Cards: 20},
					{From: "DINAS", To: "KEC-D", Cards: 20}, {From: "KEC-C", To: "KEC-D", Cards: 20}},
				Spare: 121, Lack: 300, Unmet: 179},
		},
		{
			// The Dinas is below its own cover: it sends nothing, and its
			// lack is the regency's to request, not an office's to fill.
			name: "the Dinas short itself",
			needs: []planning.DistributionNeed{
				{Office: "DINAS", Dinas: true, Stock: 100, Cover: 600},
				{Office: "KEC-A", Stock: 0, Cover: 30},
			},
			want: planning.Split{Received: []int{0, 0}, Sent: []int{0, 0}, Spare: 0, Lack: 30, Unmet: 30},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := planning.Distribute(c.needs)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("Distribute (-want +got):\n%s", diff)
			}
			checkDistribution(t, c.needs, got)
		})
	}
}

// TestDistributeProperties checks the rules on random regencies: whole
// cards (the types), the Dinas keeps its cover, no office receives more
// than it lacks or sends more than it spares, nothing sent beyond the
// spare cards, no office worse off, and spare cards left idle only when
// nobody lacks any.
func TestDistributeProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(19, 2023))
	for i := range 2000 {
		n := 1 + r.IntN(10)
		needs := []planning.DistributionNeed{{Office: "DINAS", Dinas: true, Stock: float64(r.IntN(5000)), Cover: r.Float64() * 4000}}
		for k := range n {
			needs = append(needs, planning.DistributionNeed{Office: fmt.Sprintf("KEC-%02d", k+1), Stock: float64(r.IntN(400)),
				Cover: r.Float64() * 500, OnOrder: float64(r.IntN(3) * r.IntN(60))})
		}
		split, err := planning.Distribute(needs)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(fmt.Sprint(i), func(t *testing.T) { checkDistribution(t, needs, split) })
		if t.Failed() {
			t.Logf("needs: %+v", needs)
			return
		}
	}
}

func checkDistribution(t *testing.T, needs []planning.DistributionNeed, s planning.Split) {
	t.Helper()
	received, sent, lack, spare := 0, 0, 0, 0
	for i, n := range needs {
		after := n.Stock + float64(s.Received[i]-s.Sent[i])
		switch {
		case s.Received[i] < 0 || s.Sent[i] < 0:
			t.Errorf("%s: received %d, sent %d: negative", n.Office, s.Received[i], s.Sent[i])
		case s.Received[i] > 0 && s.Sent[i] > 0:
			t.Errorf("%s both receives %d and sends %d", n.Office, s.Received[i], s.Sent[i])
		case s.Received[i] > n.Lack():
			t.Errorf("%s receives %d, more than it lacks (%d)", n.Office, s.Received[i], n.Lack())
		case s.Sent[i] > n.Spare():
			t.Errorf("%s sends %d, more than it can spare (%d)", n.Office, s.Sent[i], n.Spare())
		case s.Sent[i] > 0 && after < n.Cover-1e-9:
			t.Errorf("%s falls below its cover: %v after sending, cover %v", n.Office, after, n.Cover)
		case after < n.Stock && after < n.Cover-1e-9:
			t.Errorf("%s is worse off: %v cards before, %v after, cover %v", n.Office, n.Stock, after, n.Cover)
		case n.Dinas && s.Received[i] > 0:
			t.Errorf("the Dinas receives %d", s.Received[i])
		}
		received += s.Received[i]
		sent += s.Sent[i]
		lack += n.Lack()
		spare += n.Spare()
	}
	shipped := 0
	for _, sh := range s.Shipments {
		if sh.Cards <= 0 || sh.From == sh.To {
			t.Errorf("shipment %+v", sh)
		}
		shipped += sh.Cards
	}
	if received != sent || sent != shipped {
		t.Errorf("received %d, sent %d, shipped %d: must be equal", received, sent, shipped)
	}
	if sent > spare || s.Spare != spare || s.Lack != lack {
		t.Errorf("sent %d of %d spare (split says %d), lack %d (split says %d)", sent, spare, s.Spare, lack, s.Lack)
	}
	if want := lack - min(lack, spare); s.Unmet != want {
		t.Errorf("unmet %d, want %d (lack %d, spare %d)", s.Unmet, want, lack, spare)
	}
	if received != min(lack, spare) {
		t.Errorf("received %d, want min(lack %d, spare %d): spare cards left idle while offices lack", received, lack, spare)
	}
}

// TestDistributionOfTheShortage plans the distribution of the synthetic
// warehouse in a week of plenty (10 July 2022: the Dinas can spare cards)
// and in the 2022 shortage (16 October: it cannot): each office's lack is
// its stock plan's order quantity (the cards it asks the Dinas for), the
// Dinas comes first, and what the regency requests is computed after the
// distribution.
func TestDistributionOfTheShortage(t *testing.T) {
	db := planDB(t)
	ctx := context.Background()
	s := kpi.SettingsFrom(config.Default())
	for _, c := range []struct {
		asOf       string
		dinasSpare bool
	}{{"2022-07-10", true}, {"2022-10-16", false}} {
		t.Run(c.asOf, func(t *testing.T) {
			opts := planning.PlanOptions{AsOf: day(c.asOf), ReviewWeeks: 4}
			d, err := planning.Distribution(ctx, db, s, opts)
			if err != nil {
				t.Fatal(err)
			}
			opts.ByOffice = true
			plans, err := planning.Plan(ctx, db, s, opts)
			if err != nil {
				t.Fatal(err)
			}
			if len(d.Rows) == 0 || d.Rows[0].Office != "DINAS" || !d.Rows[0].Dinas || d.Dinas != "DINAS" {
				t.Fatalf("the Dinas is not the first row: %+v", d.Rows[:min(1, len(d.Rows))])
			}
			if (d.DinasSpare > 0) != c.dinasSpare {
				t.Errorf("the Dinas can spare %d cards; want some: %v", d.DinasSpare, c.dinasSpare)
			}
			order := map[string]float64{}
			for _, p := range plans {
				order[p.ScopeID] = p.OrderQuantity
			}
			sent, lack, fromDinas := 0, 0, 0
			for _, r := range d.Rows[1:] {
				if float64(r.Lack) != order[r.Office] {
					t.Errorf("%s lacks %d; its stock plan asks for %v", r.Office, r.Lack, order[r.Office])
				}
				sent += r.Send
				lack += r.Lack
			}
			for _, sh := range d.Shipments {
				if sh.From == d.Dinas {
					fromDinas += sh.Cards
				}
			}
			if sent != d.Sent || lack != d.Lack || d.Unmet != lack-sent || d.Sent > d.Spare || fromDinas != d.Rows[0].Gives || fromDinas > d.DinasSpare {
				t.Errorf("sent %d (plan %d, %d from the Dinas), lack %d (plan %d), unmet %d, spare %d (Dinas %d)",
					sent, d.Sent, fromDinas, lack, d.Lack, d.Unmet, d.Spare, d.DinasSpare)
			}
			if d.Request != max(d.RegionOrder, d.Unmet+d.DinasLack) || d.RegionOrder != int(order["3216"]) {
				t.Errorf("request %d; region's order %d (plan %v), unmet %d, Dinas lack %d", d.Request, d.RegionOrder, order["3216"], d.Unmet, d.DinasLack)
			}
			t.Logf("as of %s: sent %d of %d spare (Dinas %d), lack %d, unmet %d, request %d", d.AsOf, d.Sent, d.Spare, d.DinasSpare, d.Lack, d.Unmet, d.Request)
		})
	}
}
