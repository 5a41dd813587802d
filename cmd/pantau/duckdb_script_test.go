package main

import (
	"context"
	"database/sql"

	"github.com/duckdb/duckdb-go/v2"
	"github.com/rogpeppe/go-internal/testscript"

	"github.com/disdukcapil-bekasi/pantau/encode"
)

// scriptDuckDB is the testscript command
//
//	duckdb [DB] QUERY
//
// which runs QUERY with DuckDB itself, outside pantau's sandbox (on DB
// opened read-only, or on an empty in-memory database), file names taken
// from the script's folder, and prints the result as CSV: how a script
// reads back the files pantau wrote, or compares a warehouse with them.
func scriptDuckDB(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 1 || len(args) > 2 {
		ts.Fatalf("usage: duckdb [DB] QUERY")
	}
	dsn := ""
	if len(args) == 2 {
		dsn = ts.MkAbs(args[0]) + "?access_mode=READ_ONLY"
	}
	ctx := context.Background()
	connector, err := duckdb.NewConnector(dsn, nil)
	ts.Check(err)
	db := sql.OpenDB(connector)
	defer db.Close()
	conn, err := db.Conn(ctx)
	ts.Check(err)
	defer conn.Close()
	_, err = conn.ExecContext(ctx, "SET file_search_path = ?", ts.Getenv("WORK"))
	ts.Check(err)
	rows, err := conn.QueryContext(ctx, args[len(args)-1])
	if err == nil {
		err = encode.Rows(ts.Stdout(), rows, "csv")
		rows.Close()
	}
	switch {
	case err != nil && !neg:
		ts.Fatalf("duckdb: %v", err)
	case err == nil && neg:
		ts.Fatalf("duckdb: unexpected success")
	}
}
