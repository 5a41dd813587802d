package warehouse

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migration is one numbered schema change.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations returns the embedded migrations in version order.
func Migrations() ([]Migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	var out []Migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number and '_'", e.Name())
		}
		b, err := migrationFiles.ReadFile(path.Join("migrations", e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: strings.TrimSuffix(e.Name(), ".sql"), SQL: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}

// seedAfter is what fills in reference data right after the migration of
// version, in its transaction: the default region after 0001, the offices'
// short names after 0007, the nation after 0008; the redaction of the text
// stored before redact_stored_text (0012, found by its name so that it may
// be renumbered); nil for the others.
func (w *Warehouse) seedAfter(m Migration) func(context.Context, *sql.Tx) error {
	if strings.HasSuffix(m.Name, "_redact_stored_text") {
		return w.redactStored
	}
	switch m.Version {
	case 1:
		return seedReference
	case 7:
		return seedOfficeShortNames
	case 8:
		return seedNation
	}
	return nil
}

// migrate applies every migration not yet recorded, in version order, one
// per transaction, and seeds the reference data after the first. Applying
// by set rather than by the highest version keeps a migration numbered
// below one already applied (work merged in another order) from being
// skipped.
func (w *Warehouse) migrate(ctx context.Context) error {
	if _, err := w.DB.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	applied, err := w.appliedVersions(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	migrations, err := Migrations()
	if err != nil {
		return err
	}
	for _, m := range migrations {
		if applied[m.Version] {
			continue
		}
		err := w.inTx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
				return err
			}
			if seed := w.seedAfter(m); seed != nil {
				if err := seed(ctx, tx); err != nil {
					return err
				}
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name) VALUES (?, ?)`, m.Version, m.Name)
			return err
		})
		if err != nil {
			return fmt.Errorf("migrate %s: %w", m.Name, err)
		}
	}
	return nil
}

// appliedVersions returns the versions recorded in schema_migrations.
func (w *Warehouse) appliedVersions(ctx context.Context) (map[int]bool, error) {
	rows, err := w.DB.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int]bool{}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out[v] = true
	}
	return out, rows.Err()
}

// inTx runs fn in a transaction, committing on success.
func (w *Warehouse) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := w.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
