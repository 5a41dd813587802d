package etl

import (
	"context"
	"fmt"
	"strings"
)

// markDirty notes in kpi_dirty, inside the load's transaction, the earliest
// date per region that the load's rows touch — the new rows and the stored
// rows they replace (a corrected time may move a row later) — so that
// kpi.Refresh recomputes the stored KPIs from that date's week on. The
// warehouse's migration 0009 owns the table; etl only appends to it.
func (l *Loader) markDirty(ctx context.Context, fl *fileLoad) error {
	s := fl.spec
	if s.touches == "" {
		return nil // the kind's rows count in no weekly KPI (survey responses)
	}
	id, args := fl.loadIDSQL()
	touched := fmt.Sprintf(`SELECT region_code, (%s)::DATE AS d FROM %s WHERE load_id = %s`, s.touches, s.table, id)
	if fl.resends {
		touched += fmt.Sprintf(`
			UNION ALL
			SELECT region_code, (%s)::DATE FROM (
				SELECT t.* FROM %s t SEMI JOIN (SELECT %s FROM %s WHERE load_id = %s) n ON %s
				WHERE t.load_id <> %s)`,
			s.touches, s.table, strings.Join(s.key, ", "), s.table, id, keysEqual(s), id)
	}
	q := `INSERT INTO kpi_dirty SELECT region_code, min(d) FROM (` + touched + `) WHERE d IS NOT NULL GROUP BY region_code`
	if len(args) == 0 {
		_, err := l.reuse.exec(ctx, l.conn, q)
		return err
	}
	_, err := l.exec(ctx, q, args...)
	return err
}
