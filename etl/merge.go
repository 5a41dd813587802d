package etl

import (
	"context"
	"fmt"
	"strings"
)

// merge is the step that makes the new rows replace what they re-send:
// within the file the last row of a key wins, across loads the newest
// load wins, except over the stored rows an id conflicts with.
func (l *Loader) merge(ctx context.Context, fl *fileLoad) error {
	fl.progress("merging")
	if err := l.mergeRows(ctx, fl); err != nil {
		return fmt.Errorf("%s: merge: %w", fl.display, cleanDuckDBError(err))
	}
	return nil
}

func (l *Loader) mergeRows(ctx context.Context, fl *fileLoad) error {
	s := fl.spec
	keys := strings.Join(s.key, ", ")
	good := fl.good
	distinct, err := l.distinctKeys(ctx, s.table, keys, fl.loadID, good)
	if err != nil {
		return err
	}
	if distinct < good {
		if err := l.keepLastOfKey(ctx, fl); err != nil {
			return err
		}
	}
	if len(fl.conflicts) > 0 && !fl.opt.Replace {
		dropped, err := l.dropConflicts(ctx, s, fl.loadID)
		if err != nil {
			return err
		}
		distinct -= dropped
		good -= int64(len(fl.conflicts))
	}
	if err := l.markDirty(ctx, fl); err != nil {
		return err
	}
	replaced := int64(0)
	if fl.older {
		if replaced, err = l.replaceOlder(ctx, s, fl.loadID); err != nil {
			return err
		}
	}
	fl.r.Inserted = distinct - replaced
	fl.r.Updated = good - fl.r.Inserted
	return nil
}

// distinctKeys counts the distinct keys among the rows of loadID, of which
// there are good. It first counts distinct hashes of the keys, which
// groups integers instead of text: when they are as many as the rows, so are
// the keys. Otherwise (a repeated key, or two keys with one hash) it counts
// the keys themselves.
func (l *Loader) distinctKeys(ctx context.Context, table, keys string, loadID, good int64) (int64, error) {
	var n int64
	q := `SELECT count(DISTINCT hash(%s)) FROM %s WHERE load_id = $1`
	if err := l.conn.QueryRowContext(ctx, fmt.Sprintf(q, keys, table), loadID).Scan(&n); err != nil || n == good {
		return n, err
	}
	q = `SELECT count(DISTINCT (%s)) FROM %s WHERE load_id = $1`
	err := l.conn.QueryRowContext(ctx, fmt.Sprintf(q, keys, table), loadID).Scan(&n)
	return n, err
}

// keepLastOfKey keeps the last row of each key the file repeats: it
// inserts the rows again in file order, so that row ids follow the lines.
func (l *Loader) keepLastOfKey(ctx context.Context, fl *fileLoad) error {
	s := fl.spec
	if _, err := l.exec(ctx, fmt.Sprintf(`DELETE FROM %s WHERE load_id = $1`, s.table), fl.loadID); err != nil {
		return err
	}
	if _, err := l.insertGood(ctx, fl.plan, fl.st, fl.loadID, false, true); err != nil {
		return err
	}
	_, err := l.exec(ctx, fmt.Sprintf(`DELETE FROM %[1]s WHERE rowid IN (
		SELECT rowid FROM %[1]s WHERE load_id = $1
		QUALIFY row_number() OVER (PARTITION BY %[2]s ORDER BY rowid DESC) > 1)`, s.table, strings.Join(s.key, ", ")), fl.loadID)
	return err
}

// replaceOlder deletes the stored rows whose keys the load re-sends and
// returns how many.
func (l *Loader) replaceOlder(ctx context.Context, s spec, loadID int64) (int64, error) {
	on := make([]string, len(s.key))
	for i, k := range s.key {
		on[i] = fmt.Sprintf("t.%s = n.%s", k, k)
	}
	return l.exec(ctx, fmt.Sprintf(`DELETE FROM %s t USING (SELECT %s FROM %s WHERE load_id = $1) n
		WHERE %s AND t.load_id <> $1`, s.table, strings.Join(s.key, ", "), s.table, strings.Join(on, " AND ")), loadID)
}
