// Command readcsv is the yardstick of bench/load.sh: DuckDB's own CSV
// reader loading one file into a table of a new database file, then a
// checkpoint and close — what `pantau load` is measured against, as a whole
// process.
package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"

	_ "github.com/duckdb/duckdb-go/v2"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: readcsv DB CSV")
		os.Exit(2)
	}
	if err := run(context.Background(), os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "readcsv:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, dbPath, csvPath string) error {
	db, err := sql.Open("duckdb", dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	lit := "'" + strings.ReplaceAll(csvPath, "'", "''") + "'"
	if _, err := db.ExecContext(ctx, "CREATE TABLE service_events AS SELECT * FROM read_csv("+lit+")"); err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, "CHECKPOINT"); err != nil {
		return err
	}
	return db.Close()
}
