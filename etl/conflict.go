package etl

import (
	"context"
	"fmt"
	"sort"
)

// An id collision is not a correction (DESIGN.md §4): a re-sent id whose row
// names another application, office or a date far from the stored one is a
// different row that happens to share the id (a generator or a source that
// restarted its numbering). Such incoming rows are rejected as id_conflict
// and the stored rows kept, unless the load is given Replace.
//
// The check is one join of the load's rows with the stored rows on the id,
// run only when the table held rows before this load.

// conflictRule tells, in SQL over the stored row t and the incoming row n
// (both rows of the fact table), when a re-sent id names another row, and
// why.
type conflictRule struct {
	cond   string
	reason string
}

// maxConflictDays is how far a re-sent complaint or delivery may move its
// date and still be a correction of the stored row.
const maxConflictDays = 31

// idConflictCode starts the reason of every id conflict, so that reports
// and scripts can group them.
const idConflictCode = "id_conflict"

const replaceHint = ` || ' (load with --replace to overwrite it)'`

// eventConflict: an event belongs to one application for good.
var eventConflict = conflictRule{
	cond: `t.application_id <> n.application_id`,
	reason: `'` + idConflictCode + `: event_id "' || ` + sqlQuoted("n.event_id") + ` || '" is stored for application "' || ` +
		sqlQuoted("t.application_id") + ` || '"; this row names application "' || ` + sqlQuoted("n.application_id") + ` || '"'` + replaceHint,
}

// complaintConflict: a complaint keeps its office once it has one (an office
// given to a complaint that had none is a correction), and its received_at
// moves by at most maxConflictDays.
var complaintConflict = conflictRule{
	cond: fmt.Sprintf(`t.office_code <> n.office_code
		OR abs(epoch(n.received_at) - epoch(t.received_at)) > %d * 86400`, maxConflictDays),
	reason: `'` + idConflictCode + `: complaint_id "' || ` + sqlQuoted("n.complaint_id") + ` || '" is stored for office ' ||
		coalesce(t.office_code, '-') || ', received ' || strftime(t.received_at, '%Y-%m-%d') ||
		'; this row names office ' || coalesce(n.office_code, '-') || ', received ' || strftime(n.received_at, '%Y-%m-%d')` + replaceHint,
}

// deliveryConflict: a delivery keeps its office, and each of its dates that
// both rows have moves by at most maxConflictDays. received_at and
// requested_at are compared apart: an order sent first without received_at
// and re-sent once the cards arrived is a correction, not a conflict.
var deliveryConflict = conflictRule{
	cond: fmt.Sprintf(`t.office_code <> n.office_code
		OR abs(n.requested_at - t.requested_at) > %[1]d
		OR abs(n.received_at - t.received_at) > %[1]d`, maxConflictDays),
	reason: `'` + idConflictCode + `: delivery_id "' || ` + sqlQuoted("n.delivery_id") + ` || '" is stored for office ' ||
		t.office_code || ', requested ' || coalesce(strftime(t.requested_at, '%Y-%m-%d'), '-') || ', received ' || coalesce(strftime(t.received_at, '%Y-%m-%d'), '-') ||
		'; this row names office ' || n.office_code || ', requested ' || coalesce(strftime(n.requested_at, '%Y-%m-%d'), '-') || ', received ' || coalesce(strftime(n.received_at, '%Y-%m-%d'), '-')` + replaceHint,
}

// findConflicts is the step that finds the load's rows (already in the
// fact table) whose id names another stored row, positioned in the file.
// Without Replace they join the rejects; their ids stay in the temp table
// id_conflicts for merge.
func (l *Loader) findConflicts(ctx context.Context, fl *fileLoad) error {
	s := fl.spec
	err := l.conn.QueryRowContext(ctx, fmt.Sprintf(`SELECT EXISTS (SELECT 1 FROM %s WHERE load_id <> $1)`, s.table), fl.loadID).Scan(&fl.older)
	if err != nil || !fl.older || s.conflict == nil || len(s.key) != 1 {
		return err
	}
	_, err = l.exec(ctx, fmt.Sprintf(`CREATE OR REPLACE TEMP TABLE id_conflicts AS
		SELECT DISTINCT ON (n.%[2]s) n.%[2]s AS id, %[3]s AS reason
		FROM %[1]s n JOIN %[1]s t ON t.%[2]s = n.%[2]s AND t.load_id <> $1
		WHERE n.load_id = $1 AND coalesce(%[4]s, false)
		ORDER BY n.%[2]s, t.load_id DESC`, s.table, s.key[0], s.conflict.reason, s.conflict.cond), fl.loadID)
	if err != nil {
		return err
	}
	var found bool // (CREATE TABLE AS reports no rows affected)
	if err := l.conn.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM id_conflicts)`).Scan(&found); err != nil || !found {
		return err
	}
	if fl.conflicts, err = l.conflictLines(ctx, fl); err != nil {
		return fmt.Errorf("%s: %w", fl.display, cleanDuckDBError(err))
	}
	fl.r.Conflicted = int64(len(fl.conflicts))
	if fl.opt.Replace {
		l.logger.Warn("id conflicts replaced the stored rows", "file", fl.display, "rows", len(fl.conflicts))
		return nil
	}
	fl.rejects = append(fl.rejects, fl.conflicts...)
	sort.SliceStable(fl.rejects, func(i, j int) bool { return fl.rejects[i].Line < fl.rejects[j].Line })
	return nil
}

// conflictLines finds the rows of the conflicting ids in the file: the
// table has no line numbers. Only ids the file gave can conflict (a
// derived event id hashes the application id).
func (l *Loader) conflictLines(ctx context.Context, fl *fileLoad) ([]Reject, error) {
	id := fl.spec.key[0]
	cte, args := fl.plan.with(fl.st.source, fl.st.sourceArgs, fl.st.lineExpr)
	rows, err := l.sql().QueryContext(ctx, cte+fmt.Sprintf(` SELECT _line, c.id, c.reason
		FROM checked JOIN id_conflicts c ON c.id = checked.v_%s WHERE _ok ORDER BY _line`, id), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Reject
	for rows.Next() {
		rj := Reject{File: fl.display, Column: id}
		if err := rows.Scan(&rj.Line, &rj.Value, &rj.Reason); err != nil {
			return nil, err
		}
		rj.Line = shiftLine(rj.Line, fl.skipped)
		rj.Value = quote(rj.Value)
		out = append(out, rj)
	}
	return out, rows.Err()
}

// dropConflicts removes the load's rows whose ids conflict, so that the
// stored rows stay; it returns how many rows it removed.
func (l *Loader) dropConflicts(ctx context.Context, s spec, loadID int64) (int64, error) {
	return l.exec(ctx, fmt.Sprintf(`DELETE FROM %s WHERE load_id = $1 AND %s IN (SELECT id FROM id_conflicts)`, s.table, s.key[0]), loadID)
}
