package metrics

import (
	"context"
	"database/sql"
	"time"
)

// OnOrder lists the blanko deliveries on order at the end of the day asOf,
// for the region of s or, when office is not empty, one office: requested
// on or before asOf and not received by then. It applies the rule the stock
// plan uses (sql/forecast_deliveries.sql): a row without a request date is
// not an order, and transfers between offices are not orders.
func OnOrder(ctx context.Context, db *sql.DB, s Settings, office string, asOf time.Time) ([]PendingDelivery, error) {
	ds, err := deliveriesAsOf(ctx, db, s, asOf)
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
