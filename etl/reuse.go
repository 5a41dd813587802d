package etl

import (
	"context"
	"database/sql"
	"fmt"
)

// A small file's fixed cost was mostly DuckDB planning its insert: a
// statement of a hundred expressions, planned again for every file (about
// 4 of a 3-row file's 8.5 ms). DuckDB keeps a prepared statement's plan
// only when the statement binds no parameter (one that reads a table and
// binds a parameter is planned again at each execution, and a table
// function's file name is a parameter too). So in the optimistic pass a
// small CSV file is read by Go into a stage table the loader keeps, one
// per width, and its insert reads that table: values written as literals,
// and the file's own values (the load's id, the latest date it may carry)
// in columns of the staged rows. The statement's text is then the same for
// every file of one layout and kind, and the loader prepares it once.
//
// Two of DuckDB's ways shape the rest. A prepared statement DuckDB had to
// plan again once (after any change of the catalog: a table created or
// dropped) is planned again at every later execution; so the statements
// are prepared afresh after a file that changed the catalog. And the rows
// a temp table deletes keep their memory until the table is dropped; so a
// stage table is made anew once it has held maxStageRows rows.

// maxReused bounds the statements the loader keeps prepared: one per
// layout and kind, a handful in practice.
const maxReused = 64

// maxStageRows is how many rows a stage table holds, over its files,
// before it is made anew (the memory of deleted rows: tens of MB).
const maxStageRows = 200_000

// indexAfter is the number of small files after which the office lookup
// gets an index on its keys. With it DuckDB finds a small file's offices
// in the index instead of scanning a row group of the lookup (about 0.6
// ms a file); making it takes 0.1–0.5 s, which a few hundred files repay.
const indexAfter = 100

// reuse is what the loader keeps from file to file: the stage tables, and
// the statements over them.
type reuse struct {
	rows  map[int]int64 // rows appended to the stage table of each width
	stmts map[string]*sql.Stmt
	// the open transaction's changes: stage tables made, rows appended
	made    map[int]bool
	pending map[int]int64
	files   int // small files loaded, up to indexAfter
}

func newReuse() *reuse {
	return &reuse{rows: map[int]int64{}, stmts: map[string]*sql.Stmt{}, made: map[int]bool{}, pending: map[int]int64{}}
}

// stmt returns q prepared on conn, preparing it the first time.
func (r *reuse) stmt(ctx context.Context, conn *sql.Conn, q string) (*sql.Stmt, error) {
	if s, ok := r.stmts[q]; ok {
		return s, nil
	}
	if len(r.stmts) >= maxReused {
		r.close()
	}
	s, err := conn.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	r.stmts[q] = s
	return s, nil
}

// exec runs q, which binds no parameter, prepared once.
func (r *reuse) exec(ctx context.Context, conn *sql.Conn, q string) (int64, error) {
	s, err := r.stmt(ctx, conn, q)
	if err != nil {
		return 0, err
	}
	res, err := s.ExecContext(ctx)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// loadIDSQL is the SQL of the load's id in a statement of its own, and
// its arguments: a file staged for a reused statement has it in its stage
// table, so that the statement binds nothing and is planned once.
func (fl *fileLoad) loadIDSQL() (string, []any) {
	if fl.st.reused {
		return "(SELECT max(_load) FROM " + fl.st.source + ")", nil
	}
	return "$1", []any{fl.loadID}
}

// queryRow runs a query of one row, prepared once when it binds nothing.
func (l *Loader) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	if len(args) == 0 {
		if s, err := l.reuse.stmt(ctx, l.conn, q); err == nil {
			return s.QueryRowContext(ctx)
		}
	}
	return l.conn.QueryRowContext(ctx, q, args...)
}

// nextLoadID takes a load id.
func (r *reuse) nextLoadID(ctx context.Context, conn *sql.Conn) (int64, error) {
	s, err := r.stmt(ctx, conn, `SELECT nextval('load_id_seq')`)
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.QueryRowContext(ctx).Scan(&id)
	return id, err
}

// stageTable returns the empty stage table of width text columns (_line,
// the file's values _load, _soonest and _latest, then c0, c1, ...) for n
// rows, making it the first time and when it has held maxStageRows.
func (r *reuse) stageTable(ctx context.Context, conn *sql.Conn, width int, n int64) (string, error) {
	name := fmt.Sprintf("pantau_stage_%d", width)
	held, exists := r.rows[width]
	if !exists || held+r.pending[width] > maxStageRows {
		q := fmt.Sprintf(`CREATE OR REPLACE TEMP TABLE %s (_line BIGINT, _load BIGINT, _soonest VARCHAR, _latest VARCHAR, %s)`, name, stageColumns(width))
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return "", err
		}
		r.made[width], r.pending[width] = true, 0
	} else if _, err := r.exec(ctx, conn, "DELETE FROM temp."+name); err != nil {
		return "", err
	}
	r.pending[width] += n
	return name, nil
}

// ended ends a file's transaction. The statements are prepared afresh
// after one that changed the catalog: it made a stage table, or it did
// not only read a stage table (untouched: its pass made tables of its
// own, which are dropped).
func (r *reuse) ended(committed, untouched bool) {
	if committed && untouched && r.files < indexAfter {
		r.files++
	}
	if committed {
		for w, n := range r.pending {
			if r.made[w] {
				r.rows[w] = 0
			}
			r.rows[w] += n
		}
	}
	if len(r.made) > 0 || !untouched {
		r.close()
	}
	clear(r.made)
	clear(r.pending)
}

// indexLookup gives the office lookup its index once indexAfter small
// files have loaded (see indexAfter).
func (r *reuse) indexLookup(ctx context.Context, conn *sql.Conn) error {
	if r.files != indexAfter {
		return nil
	}
	r.files++
	_, err := conn.ExecContext(ctx, `CREATE INDEX IF NOT EXISTS office_lookup_key ON office_lookup (key)`)
	r.close() // the catalog changed
	return err
}

// close releases the prepared statements.
func (r *reuse) close() {
	for q, s := range r.stmts {
		s.Close()
		delete(r.stmts, q)
	}
}
