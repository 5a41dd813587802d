package reports

import (
	"fmt"
	"strings"
	"time"

	"github.com/disdukcapil-bekasi/pantau/planning"
)

// RequestLetter writes the paragraph a planner pastes into a request letter
// to the ministry: the stock, the cards owed and the demand as of the plan's
// date, when the stock runs out, and how many cards to request.
func RequestLetter(l Lang, region string, p planning.StockPlanRow) string {
	cards := func(v float64) string { return l.Number(v, 0) }
	date := p.AsOf
	if d, err := time.Parse(time.DateOnly, p.AsOf); err == nil {
		date = fmt.Sprintf("%d %s %d", d.Day(), l.Month(d.Month()), d.Year())
	}
	var b strings.Builder
	b.WriteString(l.Tf("letter.state", date, region, cards(p.StockNow), cards(p.Backlog), cards(p.WeeklyDemand())))
	var counted, late float64
	lateOrders := 0
	for _, d := range p.OnOrder {
		if d.Counted {
			counted += d.Quantity
		} else {
			late += d.Quantity
			lateOrders++
		}
	}
	if p.StockNow < p.BacklogCards {
		b.WriteString(l.Tf("letter.short", cards(p.BacklogCards-p.StockNow)))
	}
	if counted > 0 {
		b.WriteString(l.Tf("letter.with_orders", cards(counted)))
	} else {
		b.WriteString(l.T("letter.no_orders"))
	}
	if p.StockOutWeek != "" {
		b.WriteString(l.Tf("letter.stockout", l.WeekDates(p.StockOutWeek), l.Percent(p.StockOutProbability)))
	} else {
		b.WriteString(l.Tf("letter.no_stockout", len(p.Weeks), l.Percent(p.MaxStockOutProbability)))
	}
	if counted > 0 && p.StockOutWeekNoDeliveries != "" && p.StockOutWeekNoDeliveries != p.StockOutWeek {
		b.WriteString(l.Tf("letter.if_late", l.WeekDates(p.StockOutWeekNoDeliveries)))
	}
	if lateOrders > 0 {
		b.WriteString(l.Tf("letter.late_orders", lateOrders, cards(late)))
	}
	protection := p.LeadTime.Weeks + p.ReviewWeeks
	switch {
	case p.OrderQuantity > 0:
		b.WriteString(l.Tf("letter.request", cards(p.OrderQuantity), protection, p.LeadTime.Weeks, p.ReviewWeeks,
			cards(p.SafetyStock), l.Percent(p.ServiceLevel)))
	default:
		b.WriteString(l.Tf("letter.no_request", protection))
		if p.StockOutWeek != "" && !p.ShortageUnavoidable() {
			b.WriteString(l.Tf("letter.order_by", l.WeekDates(p.OrderByWeek), p.LeadTime.Weeks))
		}
	}
	if p.ShortageUnavoidable() {
		b.WriteString(l.Tf("letter.unavoidable", l.WeekDates(p.StockOutWeek), p.LeadTime.Weeks))
	}
	return b.String()
}
