package forecast

import (
	"errors"
	"fmt"
	"math"
)

// Delivery is blanko (blank KTP-el card) stock already on order: Quantity
// cards arriving at the start of week Week, where week 0 is the first
// forecast week.
type Delivery struct {
	Week     int
	Quantity float64
}

// StockInput is what PlanStock needs to know about one office or region.
type StockInput struct {
	Stock   float64 // cards in stock now
	Backlog float64 // cards already owed: applications waiting for a card
	// Demand is the weekly demand forecast; week k is step k+1. Its 95%
	// upper bound gives each week's demand standard deviation.
	Demand       Forecast
	OnOrder      []Delivery // deliveries scheduled, in any order
	LeadTime     int        // weeks from placing an order to its arrival
	ReviewPeriod int        // weeks until the next chance to order
	// ServiceLevel is the wanted probability of no stock-out before the next
	// order can arrive, in [0.5, 1). 0 means 0.95.
	ServiceLevel float64
}

// StockPlan is the projection and the order PlanStock computes. Every slice
// has one entry per forecast week.
type StockPlan struct {
	// Projected is the stock net of backlog at the end of each week; a
	// negative value is demand that cannot be met. ProjectedLo and
	// ProjectedHi bound it with 95% probability.
	Projected, ProjectedLo, ProjectedHi []float64
	// StockOutWeek is the first week whose Projected stock is negative, or -1.
	StockOutWeek int
	// StockOutProbability is, for each week, the probability that the stock
	// at the end of that week is negative.
	StockOutProbability []float64
	// WeeksOfCover is how many weeks of forecast demand the stock net of
	// backlog covers without deliveries; -1 when the forecast demand is zero.
	WeeksOfCover float64
	// SafetyStock is the buffer for the service level over the protection
	// interval; OrderQuantity is the number of cards to request now.
	SafetyStock, OrderQuantity float64
}

// PlanStock projects blanko stock and sizes the order to place now.
//
// Let d_k be the point forecast of week k's demand and σ_k its standard
// deviation, (Hi95_k − d_k)/1.96 (the upper half of the interval, because the
// lower bound may be clipped at zero). Deliveries arrive at the start of
// their week. Then, for week k:
//
//	projected stock   S_k = stock − backlog + Σ_{deliveries with week ≤ k} quantity − Σ_{j≤k} d_j
//	its deviation     s_k = √(Σ_{j≤k} σ_j²)
//	95% band          S_k ∓ 1.96·s_k
//	P(stock-out)      P(S_k < 0) = Φ(−S_k / s_k)   (1 or 0 when s_k = 0)
//
// Cumulative demand is taken as normal with the weekly variances summed,
// that is, as if weekly forecast errors were independent. Errors of one
// forecast are in fact positively correlated across weeks, so the band and
// the probabilities are on the optimistic side; treat them as lower bounds
// of the risk.
//
// Weeks of cover walks the point forecast from week 0 with the stock net of
// backlog (deliveries not counted), adding a fraction for the week it runs
// out in; beyond the horizon it divides what is left by the mean weekly
// forecast.
//
// The order follows the periodic-review order-up-to policy. With the
// protection interval P = lead time + review period (the weeks an order
// placed now must cover, since the next order can only arrive after them):
//
//	demand over P     D_P = Σ_{k<P} d_k
//	safety stock      SS = z·√(Σ_{k<P} σ_k²),   z = Φ⁻¹(service level), 1.645 at 95%
//	on order          O_P = Σ quantity of deliveries with week < P
//	order quantity    max(0, backlog + D_P + SS − stock − O_P)
//
// Weeks of P beyond the forecast horizon repeat its last week. Deliveries due
// at week P or later do not count: they arrive too late to prevent a
// stock-out before the order placed now.
func PlanStock(in StockInput) (StockPlan, error) {
	if err := validateStock(in); err != nil {
		return StockPlan{}, err
	}
	service := in.ServiceLevel
	if service == 0 {
		service = 0.95
	}
	weeks := len(in.Demand.Point)
	sigma := make([]float64, weeks)
	for k := range sigma {
		sigma[k] = math.Max(0, in.Demand.Hi95[k]-in.Demand.Point[k]) / z95
	}
	arriving := make([]float64, weeks)
	for _, d := range in.OnOrder {
		if d.Week < weeks {
			arriving[d.Week] += d.Quantity
		}
	}
	plan := StockPlan{
		Projected: make([]float64, weeks), ProjectedLo: make([]float64, weeks), ProjectedHi: make([]float64, weeks),
		StockOutProbability: make([]float64, weeks), StockOutWeek: -1,
	}
	stock, variance := in.Stock-in.Backlog, 0.0
	for k := range weeks {
		stock += arriving[k] - in.Demand.Point[k]
		variance += sigma[k] * sigma[k]
		s := math.Sqrt(variance)
		plan.Projected[k] = stock
		plan.ProjectedLo[k] = stock - z95*s
		plan.ProjectedHi[k] = stock + z95*s
		switch {
		case s > 0:
			plan.StockOutProbability[k] = normalCDF(-stock / s)
		case stock < 0:
			plan.StockOutProbability[k] = 1
		}
		if stock < 0 && plan.StockOutWeek < 0 {
			plan.StockOutWeek = k
		}
	}
	plan.WeeksOfCover = weeksOfCover(in.Stock-in.Backlog, in.Demand.Point)

	protection := in.LeadTime + in.ReviewPeriod
	var demand, demandVariance float64
	for k := range protection {
		j := min(k, weeks-1)
		demand += in.Demand.Point[j]
		demandVariance += sigma[j] * sigma[j]
	}
	onOrder := 0.0
	for _, d := range in.OnOrder {
		if d.Week < protection {
			onOrder += d.Quantity
		}
	}
	plan.SafetyStock = normalQuantile(service) * math.Sqrt(demandVariance)
	plan.OrderQuantity = math.Max(0, in.Backlog+demand+plan.SafetyStock-in.Stock-onOrder)
	return plan, nil
}

func weeksOfCover(stock float64, demand []float64) float64 {
	if stock <= 0 {
		return 0
	}
	total := 0.0
	for _, d := range demand {
		total += d
	}
	if total <= 0 {
		return -1
	}
	cover := 0.0
	for _, d := range demand {
		if d > stock {
			return cover + stock/d
		}
		stock -= d
		cover++
	}
	return cover + stock/(total/float64(len(demand)))
}

func validateStock(in StockInput) error {
	f := in.Demand
	weeks := len(f.Point)
	if weeks == 0 {
		return errors.New("plan stock: the demand forecast has no weeks")
	}
	if len(f.Hi95) != weeks {
		return fmt.Errorf("plan stock: the demand forecast has %d points but %d upper 95%% bounds", weeks, len(f.Hi95))
	}
	bad := func(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) || v < 0 }
	for k := range weeks {
		if bad(f.Point[k]) || bad(f.Hi95[k]) {
			return fmt.Errorf("plan stock: demand of week %d is not a finite non-negative number", k)
		}
	}
	switch {
	case bad(in.Stock):
		return fmt.Errorf("plan stock: stock %v is not a finite non-negative number", in.Stock)
	case bad(in.Backlog):
		return fmt.Errorf("plan stock: backlog %v is not a finite non-negative number", in.Backlog)
	case in.LeadTime < 0 || in.ReviewPeriod < 0:
		return fmt.Errorf("plan stock: lead time %d and review period %d must not be negative", in.LeadTime, in.ReviewPeriod)
	case in.ServiceLevel != 0 && !(in.ServiceLevel >= 0.5 && in.ServiceLevel < 1):
		return fmt.Errorf("plan stock: service level %v is not in [0.5, 1)", in.ServiceLevel)
	}
	for i, d := range in.OnOrder {
		if d.Week < 0 || bad(d.Quantity) {
			return fmt.Errorf("plan stock: delivery %d (week %d, quantity %v) needs a week ≥ 0 and a finite quantity ≥ 0", i+1, d.Week, d.Quantity)
		}
	}
	return nil
}

// normalCDF is the standard normal distribution function Φ.
func normalCDF(x float64) float64 {
	return 0.5 * math.Erfc(-x/math.Sqrt2)
}

// normalQuantile is Φ⁻¹.
func normalQuantile(p float64) float64 {
	return -math.Sqrt2 * math.Erfcinv(2*p)
}
