package lake

import (
	"context"
	"database/sql"
	"maps"
	"slices"
	"strings"

	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// Verify checks every file of the lake in dir against its manifest: the
// files the manifest does not list, those missing or resized, then the rows
// and checksum of each of the others, read back with DuckDB (db holds the
// warehouse's schema: the columns' types). It returns the files that
// differ and how many the manifest lists; a damaged manifest or commit
// record is an error (warehouse.ErrLakeDamaged).
func Verify(ctx context.Context, db *sql.DB, dir string) ([]warehouse.LakeProblem, int, error) {
	m, ok, err := warehouse.ReadLakeManifest(dir)
	if err != nil {
		return nil, 0, err
	}
	if !ok {
		return nil, 0, warehouse.ErrNoLake
	}
	c, err := warehouse.ReadLakeCommit(dir)
	if err != nil {
		return nil, 0, err
	}
	problems, err := warehouse.LakeFileProblems(dir, m, c)
	if err != nil {
		return nil, 0, err
	}
	if c != nil {
		problems = append(problems, warehouse.LakeProblem{File: commitFile, Reason: "an export is committing, or was killed while it did: run 'pantau export --lake' to complete it"})
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
		problems = append(problems, warehouse.LakeProblem{File: f, Reason: differ[f]})
	}
	slices.SortFunc(problems, func(a, b warehouse.LakeProblem) int { return strings.Compare(a.File, b.File) })
	return problems, len(m.Files), nil
}
