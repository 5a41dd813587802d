package etl

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// An id collision is not a correction (DESIGN.md §4): a re-sent id whose row
// names another application, office or a date far from the stored one is a
// different row that happens to share the id (a generator or a source that
// restarted its numbering). Such incoming rows are rejected as id_conflict
// and the stored rows kept, unless the load is given Replace.
//
// The same holds inside one file: when two of its rows with one id name
// different rows, every row of that id is rejected (none is kept: the file
// contradicts itself, and nothing tells which row is right), and a stored
// row of the id stays. With Replace the file's last row of the id wins, as
// for any id a file repeats.
//
// The check is one query: a join of the load's rows with the stored rows on
// the id, run only when the load re-sends an id, and a join of the load's
// rows with each other, run only when the file repeats an id (compareKeys
// in merge.go tells both).

// conflictRule tells, in SQL over the stored row t and the incoming row n
// (both rows of the fact table), when a re-sent id names another row, and
// why; again is the reason when t and n are two rows of one file.
type conflictRule struct {
	cond   string
	reason string
	again  string
}

// maxConflictDays is how far a re-sent complaint or delivery may move its
// date and still be a correction of the stored row.
const maxConflictDays = 31

// idConflictCode starts the reason of every id conflict, so that reports
// and scripts can group them.
const idConflictCode = "id_conflict"

const replaceHint = ` || ' (load with --replace to overwrite it)'`

const againHint = ` || ' in this file (load with --replace to keep its last row)'`

// eventConflict: an event belongs to one application for good.
var eventConflict = conflictRule{
	cond: `t.application_id <> n.application_id`,
	reason: `'` + idConflictCode + `: event_id "' || ` + sqlQuoted("n.event_id") + ` || '" is stored for application "' || ` +
		sqlQuoted("t.application_id") + ` || '"; this row names application "' || ` + sqlQuoted("n.application_id") + ` || '"'` + replaceHint,
	again: `'` + idConflictCode + `: event_id "' || ` + sqlQuoted("n.event_id") + ` || '" names application "' || ` +
		sqlQuoted("t.application_id") + ` || '" and application "' || ` + sqlQuoted("n.application_id") + ` || '"'` + againHint,
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
	again: `'` + idConflictCode + `: complaint_id "' || ` + sqlQuoted("n.complaint_id") + ` || '" names office ' ||
		coalesce(t.office_code, '-') || ', received ' || strftime(t.received_at, '%Y-%m-%d') ||
		' and office ' || coalesce(n.office_code, '-') || ', received ' || strftime(n.received_at, '%Y-%m-%d')` + againHint,
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
	again: `'` + idConflictCode + `: delivery_id "' || ` + sqlQuoted("n.delivery_id") + ` || '" names office ' ||
		t.office_code || ', requested ' || coalesce(strftime(t.requested_at, '%Y-%m-%d'), '-') || ', received ' || coalesce(strftime(t.received_at, '%Y-%m-%d'), '-') ||
		' and office ' || n.office_code || ', requested ' || coalesce(strftime(n.requested_at, '%Y-%m-%d'), '-') || ', received ' || coalesce(strftime(n.received_at, '%Y-%m-%d'), '-')` + againHint,
}

// findConflicts is the step that finds the load's rows (already in the
// fact table) whose id names another stored row or another row of the
// file, positioned in the file. Without Replace they join the rejects;
// their ids go to the temp table id_conflicts for merge.
func (l *Loader) findConflicts(ctx context.Context, fl *fileLoad) error {
	s := fl.spec
	if s.conflict == nil || len(s.key) != 1 {
		return nil
	}
	q := conflictQuery(s, fl.resends, fl.distinct < fl.good)
	if q == "" {
		return nil
	}
	var found bool
	if err := l.conn.QueryRowContext(ctx, `SELECT EXISTS (`+q+`)`, fl.loadID).Scan(&found); err != nil || !found {
		return err
	}
	if _, err := l.exec(ctx, `CREATE TEMP TABLE id_conflicts AS `+q, fl.loadID); err != nil {
		return err
	}
	fl.st.temp = append(fl.st.temp, "id_conflicts")
	var err error
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

// conflictQuery is the SQL of the conflicting ids of load $1 and why, one
// row per id: against the stored rows when the load re-sends some ids,
// among the load's own rows when the file repeats an id; "" when neither.
// An id that conflicts both ways is given the file's reason, which holds
// for each of its rows.
func conflictQuery(s spec, resends, repeats bool) string {
	var parts []string
	if resends {
		parts = append(parts, fmt.Sprintf(`SELECT n.%[2]s AS id, %[3]s AS reason, 1 AS o, t.load_id AS t_load
		FROM %[1]s n JOIN %[1]s t ON t.%[2]s = n.%[2]s AND t.load_id <> $1
		WHERE n.load_id = $1 AND coalesce(%[4]s, false)`, s.table, s.key[0], s.conflict.reason, s.conflict.cond))
	}
	if repeats {
		parts = append(parts, fmt.Sprintf(`SELECT n.%[2]s AS id, %[3]s AS reason, 0 AS o, $1 AS t_load
		FROM %[1]s n JOIN %[1]s t ON t.%[2]s = n.%[2]s AND t.load_id = $1
		WHERE n.load_id = $1 AND coalesce(%[4]s, false)`, s.table, s.key[0], s.conflict.again, s.conflict.cond))
	}
	if len(parts) == 0 {
		return ""
	}
	return `SELECT DISTINCT ON (id) id, reason FROM (` + strings.Join(parts, " UNION ALL ") + `) ORDER BY id, o, t_load DESC, reason`
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
