package warehouse

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"

	"github.com/disdukcapil-bekasi/pantau/privacy"
)

// storedText is a text column that holds text from data; id says its NIKs
// and phone numbers become keyed pseudonyms (ids and references must stay
// distinct), else they are masked.
type storedText struct {
	table, column string
	id            bool
}

// storedTexts are the text columns that hold text from data: the fact
// tables' (as etl's specs map them), the applications grouped from the
// events, the rejects and the load runs' errors. Office codes and enum
// values are checked against fixed lists on ingest and are not listed.
func storedTexts() []storedText {
	var out []storedText
	add := func(table string, id bool, columns ...string) {
		for _, c := range columns {
			out = append(out, storedText{table, c, id})
		}
	}
	add("service_events", true, "event_id", "application_id", "staff_id")
	add("blanko_deliveries", true, "delivery_id", "reference")
	add("complaints", true, "complaint_id", "staff_ref")
	add("complaints", false, "text")
	add("survey_responses", true, "response_id")
	add("survey_responses", false, "age_band", "education", "occupation", "suggestion")
	add("ktp_el_applications", true, "application_id")
	for _, t := range []string{"service_events", "blanko_deliveries", "blanko_stock_counts", "complaints", "survey_responses", "ktp_el_applications"} {
		add(t, false, "region_code")
	}
	add("rejects", false, "value", "reason")
	add("load_runs", false, "error")
	return out
}

// redactStored is the one redaction of the text stored before migration
// 0012: each cell of storedTexts that privacy.Guard matches is read,
// redacted in Go and written back when it changed. Without the NIK key
// (Options.NIKKey) a random key serves: ids stay
// distinct, but a re-sent row whose id held a NIK then loads as a new row.
// A changed row marks every stored KPI for recomputation.
func (w *Warehouse) redactStored(ctx context.Context, tx *sql.Tx) error {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return err
	}
	if w.nikKey != nil {
		var err error
		if key, err = w.nikKey(); err != nil {
			return err
		}
	}
	p := privacy.NewPseudonyms(key)
	changed := int64(0)
	for _, c := range storedTexts() {
		fn := privacy.Redact
		if c.id {
			fn = p.Replace
		}
		n, err := redactColumn(ctx, tx, c, fn)
		if err != nil {
			return fmt.Errorf("redact %s.%s: %w", c.table, c.column, err)
		}
		changed += n
	}
	if changed > 0 {
		_, err := tx.ExecContext(ctx, `INSERT INTO kpi_dirty VALUES ('*', DATE '1900-01-01')`)
		return err
	}
	return nil
}

// redactColumn rewrites the cells of one column that fn changes and
// returns how many.
func redactColumn(ctx context.Context, tx *sql.Tx, c storedText, fn func(string) string) (int64, error) {
	table, col := QuoteIdent(c.table), QuoteIdent(c.column)
	rows, err := tx.QueryContext(ctx, fmt.Sprintf(`SELECT rowid, %s FROM %s WHERE regexp_matches(%s, ?)`, col, table, col), privacy.Guard)
	if err != nil {
		return 0, err
	}
	type cell struct {
		rowid int64
		text  string
	}
	var changed []cell
	for rows.Next() {
		var r cell
		if err := rows.Scan(&r.rowid, &r.text); err != nil {
			rows.Close()
			return 0, err
		}
		if clean := fn(r.text); clean != r.text {
			changed = append(changed, cell{r.rowid, clean})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(changed) == 0 {
		return 0, err
	}
	ids, texts := make([]int64, len(changed)), make([]string, len(changed))
	for i, r := range changed {
		ids[i], texts[i] = r.rowid, r.text
	}
	_, err = tx.ExecContext(ctx, fmt.Sprintf(`UPDATE %[1]s SET %[2]s = u.text
		FROM (SELECT unnest(?::BIGINT[]) AS id, unnest(?::VARCHAR[]) AS text) u WHERE %[1]s.rowid = u.id`, table, col), ids, texts)
	return int64(len(changed)), err
}
