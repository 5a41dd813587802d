package checks

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/disdukcapil-bekasi/pantau/internal/readsql"
	"github.com/disdukcapil-bekasi/pantau/kpi"
)

// Keep stores the results of Check for the region of s (table
// check_stored, one row per region) in place of those kept, so that
// StoredCheck reads them while the facts they judged are unchanged. A
// warehouse without service events keeps none.
func Keep(ctx context.Context, db *sql.DB, s kpi.Settings, results []Result) error {
	fp, facts, err := storedKey(ctx, db, s)
	if errors.Is(err, kpi.ErrNoData) {
		return nil
	}
	if err != nil {
		return err
	}
	b, err := json.Marshal(results)
	if err != nil {
		return fmt.Errorf("keep check results: %w", err)
	}
	del, err := files.ReadFile("stored_delete.sql")
	if err != nil {
		return err
	}
	ins, err := files.ReadFile("stored_insert.sql")
	if err != nil {
		return err
	}
	return readsql.InTx(ctx, db, "keep check results", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, string(del), sql.Named("region", s.RegionCode)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, string(ins), sql.Named("region", s.RegionCode), sql.Named("settings", fp),
			sql.Named("facts", facts), sql.Named("results", string(b)))
		return err
	})
}

// StoredCheck is Check read from the results Keep stored for the region,
// when they were made under the same settings and no load, office or
// pending refresh has come since; else it runs the checks. Both give the
// same results.
func StoredCheck(ctx context.Context, db *sql.DB, s kpi.Settings) ([]Result, error) {
	fp, facts, err := storedKey(ctx, db, s)
	if errors.Is(err, kpi.ErrNoData) {
		return Check(ctx, db, s)
	}
	if err != nil {
		return nil, err
	}
	query, err := files.ReadFile("stored_read.sql")
	if err != nil {
		return nil, err
	}
	rows, err := readsql.List(ctx, db, "stored check results", string(query), readsql.ScanString,
		sql.Named("region", s.RegionCode), sql.Named("settings", fp), sql.Named("facts", facts))
	if err != nil || len(rows) != 1 {
		// Not kept (or a warehouse older than the table): run them.
		return Check(ctx, db, s)
	}
	var out []Result
	if err := json.Unmarshal([]byte(rows[0]), &out); err != nil {
		return nil, fmt.Errorf("stored check results: %w", err)
	}
	return out, nil
}

// storedKey returns the fingerprint of the settings (the region apart) and
// the facts the checks judge: the latest week, the latest load and the
// offices (stored_facts.sql).
func storedKey(ctx context.Context, db *sql.DB, s kpi.Settings) (string, string, error) {
	s.RegionCode = ""
	b, err := json.Marshal(s)
	if err != nil {
		return "", "", fmt.Errorf("stored check results: %w", err)
	}
	sum := sha256.Sum256(b)
	week, err := kpi.LatestWeek(ctx, db)
	if err != nil {
		return "", "", err
	}
	query, err := files.ReadFile("stored_facts.sql")
	if err != nil {
		return "", "", err
	}
	var facts string
	if err := db.QueryRowContext(ctx, string(query)).Scan(&facts); err != nil {
		return "", "", fmt.Errorf("stored check results: %w", err)
	}
	return hex.EncodeToString(sum[:8]), week + ":" + facts, nil
}
