package lake

import (
	"context"
	"database/sql"
	"maps"
	"slices"
	"strings"
)

// Verify checks every file of the lake in dir against its manifest: the
// files the manifest does not list, those missing or resized, then the rows
// and checksum of each of the others, read back with DuckDB (db holds the
// warehouse's schema: the columns' types). It returns the files that
// differ and how many the manifest lists; a damaged manifest or commit
// record is an error (warehouse.ErrDamaged).
func Verify(ctx context.Context, db *sql.DB, dir string) ([]Problem, int, error) {
	m, ok, err := ReadManifest(dir)
	if err != nil {
		return nil, 0, err
	}
	if !ok {
		return nil, 0, ErrNoLake
	}
	c, err := readCommit(dir)
	if err != nil {
		return nil, 0, err
	}
	problems, err := FileProblems(dir, m, c)
	if err != nil {
		return nil, 0, err
	}
	if c != nil {
		problems = append(problems, Problem{File: CommitPath, Reason: "an export is committing, or was killed while it did: run 'pantau export --lake' to complete it"})
	}
	check := maps.Clone(m.Files)
	for _, p := range problems {
		delete(check, p.File)
	}
	differ, err := fileProblems(ctx, db, dir, check)
	if err != nil {
		return nil, 0, err
	}
	for _, f := range slices.Sorted(maps.Keys(differ)) {
		problems = append(problems, Problem{File: f, Reason: differ[f]})
	}
	slices.SortFunc(problems, func(a, b Problem) int { return strings.Compare(a.File, b.File) })
	return problems, len(m.Files), nil
}
