package etl

import (
	"context"
	"database/sql"
	"fmt"
	"sort"

	"github.com/disdukcapil-bekasi/pantau/privacy"
)

// listRejects is the step that counts the file's records and, when some
// did not load, lists why, positioned. The optimistic pass stops with
// errSomeRowsBad when a row did not load or its guesses may be wrong.
func (l *Loader) listRejects(ctx context.Context, fl *fileLoad) error {
	var structural []Reject
	if fl.st.finish != nil {
		var err error
		if structural, fl.skipped, err = fl.st.finish(ctx); err != nil {
			return fmt.Errorf("%s: %w", fl.display, cleanDuckDBError(err))
		}
	}
	records, known, err := l.countRecords(ctx, fl)
	if err != nil {
		return err
	}
	fl.r.Read = fl.good
	if fl.optimistic && (!known || fl.good != records || len(structural) > 0) {
		return errSomeRowsBad
	}
	if fl.good == records && len(structural) == 0 {
		return nil
	}
	fl.progress("listing rejects")
	rows, rejectedRows, err := l.listProblems(ctx, fl)
	if err != nil {
		return fmt.Errorf("%s: %w", fl.display, cleanDuckDBError(err))
	}
	fl.rejects = append(structural, rows...)
	sort.SliceStable(fl.rejects, func(i, j int) bool { return fl.rejects[i].Line < fl.rejects[j].Line })
	fl.r.Read = fl.good + rejectedRows + int64(len(structural))
	return nil
}

// countRecords returns the number of records in the file, and whether the
// sample's guesses (used by the optimistic pass) hold for the whole file.
func (l *Loader) countRecords(ctx context.Context, fl *fileLoad) (int64, bool, error) {
	if fl.st.fromLines {
		// The sample's guesses hold for the whole file only if these agree.
		known := !fl.full.quotedNewlines && fl.full.validUTF8 == fl.facts.validUTF8 && fl.full.mixedEOL == fl.facts.mixedEOL
		return fl.full.lines - 1, known, nil
	}
	var records int64
	err := l.conn.QueryRowContext(ctx, `SELECT count(*) FROM stage`).Scan(&records)
	return records, true, err
}

// listProblems reads the file again with line numbers and lists every
// failed check of every bad row; it also returns the number of bad rows.
func (l *Loader) listProblems(ctx context.Context, fl *fileLoad) ([]Reject, int64, error) {
	p, st, display, skipped := fl.plan, fl.st, fl.display, fl.skipped
	cte, args := p.with(st.source, st.sourceArgs, st.lineExpr)
	if !fl.small() {
		defer l.keepJoinSides(ctx)()
	}
	rows, err := l.sql().QueryContext(ctx, cte+` SELECT _line, col, coalesce(value, ''), reason FROM (`+p.problems+`) ORDER BY _line, col`, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Reject
	lines := map[int64]bool{}
	for rows.Next() {
		rj := Reject{File: display}
		if err := rows.Scan(&rj.Line, &rj.Column, &rj.Value, &rj.Reason); err != nil {
			return nil, 0, err
		}
		lines[rj.Line] = true
		rj.Line = shiftLine(rj.Line, skipped)
		rj.Value = quote(rj.Value)
		out = append(out, rj)
	}
	return out, int64(len(lines)), rows.Err()
}

// shiftLine corrects a line counted without the lines the reader skipped:
// with the skipped lines s_1 < s_2 < ..., a row whose unshifted line is L
// moves down by the number of j with s_j - (j-1) <= L.
func shiftLine(line int64, skipped []int64) int64 {
	shift := int64(0)
	for j, s := range skipped {
		if s-int64(j) <= line {
			shift = int64(j + 1)
		}
	}
	return line + shift
}

func (l *Loader) insertRejects(ctx context.Context, loadID int64, rejects []Reject) error {
	if len(rejects) == 0 {
		return nil
	}
	stmt, err := l.conn.PrepareContext(ctx, `INSERT INTO rejects VALUES (?, ?, ?, nullif(?, ''), ?, ?)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, rj := range rejects {
		// Values and reasons are redacted where they are made; this pass is
		// what makes sure of it for the table.
		if _, err := stmt.ExecContext(ctx, loadID, rj.File, rj.Line, rj.Column, privacy.Redact(rj.Value), privacy.Redact(rj.Reason)); err != nil {
			return err
		}
	}
	return nil
}

// RejectsOf returns the rejects of a load in line order (a reject without
// a line, of the file as a whole, first; its Line is 0).
func RejectsOf(ctx context.Context, db *sql.DB, loadID int64) ([]Reject, error) {
	rows, err := db.QueryContext(ctx, `SELECT file, coalesce(line, 0), coalesce("column", ''), coalesce(value, ''), reason
		FROM rejects WHERE load_id = ? ORDER BY line NULLS FIRST`, loadID)
	if err != nil {
		return nil, fmt.Errorf("read rejects of load %d: %w", loadID, err)
	}
	defer rows.Close()
	var out []Reject
	for rows.Next() {
		var rj Reject
		if err := rows.Scan(&rj.File, &rj.Line, &rj.Column, &rj.Value, &rj.Reason); err != nil {
			return nil, err
		}
		out = append(out, rj)
	}
	return out, rows.Err()
}
