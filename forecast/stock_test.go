package forecast_test

import (
	"math"
	"testing"

	"github.com/disdukcapil-bekasi/pantau/forecast"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// demand is a flat weekly forecast with demand standard deviation sd.
func demand(point, sd float64, weeks int) forecast.Forecast {
	f := forecast.Forecast{Model: "test"}
	for range weeks {
		f.Point = append(f.Point, point)
		f.Hi95 = append(f.Hi95, point+1.959963984540054*sd)
	}
	return f
}

func TestPlanStockHandComputed(t *testing.T) {
	tests := []struct {
		name string
		in   forecast.StockInput
		want forecast.StockPlan
	}{
		{
			// Net stock 100 − 20 = 80; demand 30 a week with σ = 10; 50 cards arrive in week 2.
			//   S = 80−30 = 50, 50−30 = 20, 20+50−30 = 40, 40−30 = 10
			//   s = 10·√1, 10·√2, 10·√3, 10·√4
			//   band S ∓ 1.96·s; P(stock-out) = Φ(−S/s) = Φ(−5), Φ(−1.414), Φ(−2.309), Φ(−0.5)
			// Cover: 80 covers weeks 0 and 1 (60) and 20/30 of week 2 = 2.667.
			// Protection interval 1 + 1 = 2 weeks: D = 60, SS = 1.645·√(100+100) = 23.26;
			// the week-2 delivery is too late to count. Order = 20 + 60 + 23.26 − 100 − 0 = 3.26.
			name: "covered until a late delivery",
			in: forecast.StockInput{Stock: 100, Backlog: 20, Demand: demand(30, 10, 4),
				OnOrder: []forecast.Delivery{{Week: 2, Quantity: 50}}, LeadTime: 1, ReviewPeriod: 1},
			want: forecast.StockPlan{
				Projected:           []float64{50, 20, 40, 10},
				ProjectedLo:         []float64{30.40036015459946, -7.7180764869935565, 6.052427977714842, -29.199279690801077},
				ProjectedHi:         []float64{69.59963984540053, 47.71807648699355, 73.94757202228516, 49.19927969080108},
				StockOutWeek:        -1,
				StockOutProbability: []float64{2.866515718791946e-07, 0.0786496035251426, 0.010460667668897024, 0.3085375387259869},
				WeeksOfCover:        2 + 20.0/30,
				SafetyStock:         23.261743073533474,
				OrderQuantity:       3.2617430735334665,
			},
		},
		{
			// Stock 10, demand 5 a week, no uncertainty: S = 5, 0, −5, out in week 2.
			// Protection interval 2 + 2 = 4 weeks, one past the horizon (repeats 5): D = 20.
			// The delivery of 4 in week 3 counts (3 < 4). Order = 0 + 20 + 0 − 10 − 4 = 6.
			name: "stock-out without uncertainty",
			in: forecast.StockInput{Stock: 10, Demand: demand(5, 0, 3), LeadTime: 2, ReviewPeriod: 2,
				OnOrder: []forecast.Delivery{{Week: 3, Quantity: 4}}},
			want: forecast.StockPlan{
				Projected:           []float64{5, 0, -5},
				ProjectedLo:         []float64{5, 0, -5},
				ProjectedHi:         []float64{5, 0, -5},
				StockOutWeek:        2,
				StockOutProbability: []float64{0, 0, 1},
				WeeksOfCover:        2,
				OrderQuantity:       6,
			},
		},
		{
			// No demand: nothing runs out, cover is unbounded (−1), and only the
			// backlog beyond stock is ordered: 30 − 10 = 20. Cover is 0 because
			// the backlog already takes all the stock.
			name: "no demand, backlog above stock",
			in:   forecast.StockInput{Stock: 10, Backlog: 30, Demand: demand(0, 0, 2), LeadTime: 1, ServiceLevel: 0.99},
			want: forecast.StockPlan{
				Projected:           []float64{-20, -20},
				ProjectedLo:         []float64{-20, -20},
				ProjectedHi:         []float64{-20, -20},
				StockOutWeek:        0,
				StockOutProbability: []float64{1, 1},
				WeeksOfCover:        0,
				OrderQuantity:       20,
			},
		},
		{
			name: "no demand, stock left",
			in:   forecast.StockInput{Stock: 10, Demand: demand(0, 0, 2)},
			want: forecast.StockPlan{
				Projected:           []float64{10, 10},
				ProjectedLo:         []float64{10, 10},
				ProjectedHi:         []float64{10, 10},
				StockOutWeek:        -1,
				StockOutProbability: []float64{0, 0},
				WeeksOfCover:        -1,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := forecast.PlanStock(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
				t.Errorf("PlanStock (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPlanStockServiceLevelRaisesTheOrder(t *testing.T) {
	var previous float64
	for _, level := range []float64{0.5, 0.8, 0.9, 0.95, 0.99} {
		plan, err := forecast.PlanStock(forecast.StockInput{Stock: 50, Demand: demand(20, 5, 8), LeadTime: 2, ReviewPeriod: 2, ServiceLevel: level})
		if err != nil {
			t.Fatal(err)
		}
		if plan.OrderQuantity < previous {
			t.Errorf("service level %v orders %v, less than %v at a lower level", level, plan.OrderQuantity, previous)
		}
		previous = plan.OrderQuantity
	}
}

func TestPlanStockFromAuto(t *testing.T) {
	// The pieces fit together: a forecast from Auto plans without error and
	// without NaN.
	plan, err := forecast.PlanStock(forecast.StockInput{Stock: 500, Backlog: 40, Demand: forecast.Auto(wavy(), 13, forecast.Options{}),
		LeadTime: 4, ReviewPeriod: 4})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range append(append(plan.Projected, plan.StockOutProbability...), plan.OrderQuantity, plan.WeeksOfCover, plan.SafetyStock) {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("non-finite value in %+v", plan)
		}
	}
}

func TestPlanStockErrors(t *testing.T) {
	good := demand(10, 2, 3)
	tests := []struct {
		name string
		in   forecast.StockInput
	}{
		{name: "no weeks", in: forecast.StockInput{}},
		{name: "bounds missing", in: forecast.StockInput{Demand: forecast.Forecast{Point: []float64{1}}}},
		{name: "negative demand", in: forecast.StockInput{Demand: forecast.Forecast{Point: []float64{-1}, Hi95: []float64{1}}}},
		{name: "NaN stock", in: forecast.StockInput{Stock: math.NaN(), Demand: good}},
		{name: "negative backlog", in: forecast.StockInput{Backlog: -1, Demand: good}},
		{name: "negative lead time", in: forecast.StockInput{LeadTime: -1, Demand: good}},
		{name: "service level 1", in: forecast.StockInput{ServiceLevel: 1, Demand: good}},
		{name: "service level 0.3", in: forecast.StockInput{ServiceLevel: 0.3, Demand: good}},
		{name: "delivery in the past", in: forecast.StockInput{Demand: good, OnOrder: []forecast.Delivery{{Week: -1, Quantity: 5}}}},
		{name: "negative delivery", in: forecast.StockInput{Demand: good, OnOrder: []forecast.Delivery{{Week: 1, Quantity: -5}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := forecast.PlanStock(tt.in); err == nil {
				t.Error("no error")
			}
		})
	}
}
