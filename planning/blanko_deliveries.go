package planning

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/disdukcapil-bekasi/pantau/kpi"
)

// PendingDelivery is a blanko delivery on order at a date.
type PendingDelivery struct {
	DeliveryID, OfficeCode, Source, Reference string
	RequestedAt                               time.Time
	// Quantity is the quantity requested (what will arrive is not known
	// yet); 0 when the request names no quantity.
	Quantity float64
}

// LeadTime is the delivery lead time of blanko: the weeks from request to receipt.
type LeadTime struct {
	// Weeks is what the plan uses: Days / 7 rounded up, or the override.
	Weeks int `json:"weeks"`
	// Days is the median of requested_at → received_at over the deliveries
	// measured; 0 when none was.
	Days float64 `json:"days"`
	// Deliveries is how many deliveries were measured.
	Deliveries int `json:"deliveries"`
	// Source is measured (the ministry and province deliveries received in
	// the 52 weeks ending on the date, or all received by then when fewer
	// than three), config (an override), default (nothing to measure:
	// DefaultLeadTimeWeeks) or transfer (an office supplied by the Dinas).
	Source string `json:"source"`
}

// DefaultLeadTimeWeeks is the lead time assumed when the warehouse holds no
// received delivery to measure it from.
const DefaultLeadTimeWeeks = 4

// Lead time sources.
const (
	LeadTimeMeasured = "measured"
	LeadTimeConfig   = "config"
	LeadTimeDefault  = "default"
	LeadTimeTransfer = "transfer"
)

// delivery is one row of forecast_deliveries.sql.
type delivery struct {
	id, office, source, reference string
	requested                     time.Time
	received                      sql.NullTime
	quantityRequested             sql.NullFloat64
}

// readDeliveries runs forecast_deliveries.sql: the ministry and province
// deliveries requested on or before asOf.
func readDeliveries(ctx context.Context, db *sql.DB, s kpi.Settings, asOf time.Time) ([]delivery, error) {
	body, err := files.ReadFile("sql/forecast_deliveries.sql")
	if err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, string(body), s.RegionCode, asOf.Format(time.DateOnly))
	if err != nil {
		return nil, fmt.Errorf("blanko deliveries: %w", err)
	}
	defer rows.Close()
	var out []delivery
	for rows.Next() {
		var d delivery
		var received sql.NullFloat64
		if err := rows.Scan(&d.id, &d.office, &d.source, &d.requested, &d.quantityRequested, &d.received, &received, &d.reference); err != nil {
			return nil, fmt.Errorf("blanko deliveries: %w", err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("blanko deliveries: %w", err)
	}
	return out, nil
}

// measureDeliveries splits the deliveries requested by asOf into the lead
// time of those received and the ones still on order.
func measureDeliveries(ds []delivery, asOf time.Time) (LeadTime, []PendingDelivery) {
	var recent, all []float64
	var onOrder []PendingDelivery
	yearAgo := asOf.AddDate(0, 0, -364)
	for _, d := range ds {
		if d.received.Valid && !d.received.Time.After(asOf) {
			days := math.Round(d.received.Time.Sub(d.requested).Hours() / 24)
			if days < 0 {
				continue // received before requested: a data error, not a lead time
			}
			all = append(all, days)
			if !d.received.Time.Before(yearAgo) {
				recent = append(recent, days)
			}
			continue
		}
		onOrder = append(onOrder, PendingDelivery{DeliveryID: d.id, OfficeCode: d.office, Source: d.source,
			Reference: d.reference, RequestedAt: d.requested, Quantity: math.Max(0, d.quantityRequested.Float64)})
	}
	measured := recent
	if len(measured) < 3 {
		measured = all
	}
	if len(measured) == 0 {
		return LeadTime{Weeks: DefaultLeadTimeWeeks, Source: LeadTimeDefault}, onOrder
	}
	days := medianOf(measured)
	return LeadTime{Weeks: int(math.Ceil(days / 7)), Days: days, Deliveries: len(measured), Source: LeadTimeMeasured}, onOrder
}

// medianOf interpolates between the middle two values, as quantile_cont does.
func medianOf(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// OnOrder lists the blanko deliveries on order at the end of the day asOf,
// for the region of s or, when office is not empty, one office: requested
// on or before asOf and not received by then. It applies the rule the stock
// plan uses (sql/forecast_deliveries.sql): a row without a request date is
// not an order, and transfers between offices are not orders.
func OnOrder(ctx context.Context, db *sql.DB, s kpi.Settings, office string, asOf time.Time) ([]PendingDelivery, error) {
	ds, err := readDeliveries(ctx, db, s, asOf)
	if err != nil {
		return nil, err
	}
	_, pending := measureDeliveries(ds, asOf)
	if office == "" {
		return pending, nil
	}
	var out []PendingDelivery
	for _, p := range pending {
		if p.OfficeCode == office {
			out = append(out, p)
		}
	}
	return out, nil
}
