package readsql

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
)

type office struct {
	Code  string    `sql:"code"`
	Count int64     `sql:"n"`
	Since time.Time `sql:"since"`
	Note  string    // not read
}

type officeParams struct {
	Office string `sql:"office"`
	Limit  int64  `sql:"limit"`
}

// TestRead: rows by column name, named parameters bound once however often
// the file uses them, and every way the Go side and the file can drift
// apart is an error naming the file.
func TestRead(t *testing.T) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	fsys := fstest.MapFS{
		"sql/good.sql": {Data: []byte(`-- good: $office twice, $limit once; a $dollar in a comment is no parameter
SELECT n, $office AS code, DATE '2023-01-02' + n::INT AS since FROM range(5) t(n)
WHERE $office <> '' LIMIT $limit`)},
		"sql/extra_column.sql":   {Data: []byte(`SELECT 'a' AS code, 1 AS n, DATE '2023-01-02' AS since, 2 AS more`)},
		"sql/missing_column.sql": {Data: []byte(`SELECT 'a' AS code, DATE '2023-01-02' AS since`)},
		"sql/unbound.sql":        {Data: []byte(`SELECT $office AS code, $region AS n, now() AS since`)},
	}
	ctx := context.Background()
	got, err := Read[office](ctx, db, fsys, "good", officeParams{Office: "KEC-01", Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[1].Code != "KEC-01" || got[1].Count != 1 || !got[1].Since.Equal(time.Date(2023, 1, 3, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("got %+v", got)
	}
	// Parameters may come from an embedded struct.
	embedded, err := Read[office](ctx, db, fsys, "good", struct{ officeParams }{officeParams{Office: "K", Limit: 3}})
	if err != nil || len(embedded) != 3 || embedded[0].Code != "K" {
		t.Errorf("embedded parameters: %+v, %v", embedded, err)
	}
	for _, tt := range []struct {
		file   string
		params any
		want   string
	}{
		{"extra_column", nil, "sql/extra_column.sql: column more has no field in readsql.office"},
		{"missing_column", nil, "sql/missing_column.sql: readsql.office expects the columns n, which the query does not return"},
		{"unbound", officeParams{Office: "x"}, "sql/unbound.sql: parameter limit is not used (no $limit)"},
		{"unbound", struct {
			Office string `sql:"office"`
		}{"x"}, "sql/unbound.sql: no parameter for $region"},
		{"nope", nil, "sql/nope.sql: open sql/nope.sql: file does not exist"},
	} {
		_, err := Read[office](ctx, db, fsys, tt.file, tt.params)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want %q", tt.file, err, tt.want)
		}
	}
}

// TestNamedValues: a VALUES list bound by name reads back its rows, and
// the arguments name every value.
func TestNamedValues(t *testing.T) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	list, args := NamedValues([]Column{{Name: "code", Type: "TEXT"}, {Name: "n", Type: "BIGINT"}},
		[][]any{{"KEC-01", 3}, {"KEC-02", 5}})
	if want := "($code_1::TEXT, $n_1::BIGINT), ($code_2::TEXT, $n_2::BIGINT)"; list != want {
		t.Errorf("list %q, want %q", list, want)
	}
	type row struct {
		Code string `sql:"code"`
		N    int64  `sql:"n"`
	}
	// The arguments in reverse: names, not positions, bind them.
	slices.Reverse(args)
	got, err := Rows[row](context.Background(), db, "values", "SELECT * FROM (VALUES "+list+") t(code, n)", args...)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0] != (row{"KEC-01", 3}) || got[1] != (row{"KEC-02", 5}) {
		t.Errorf("got %+v", got)
	}
}
