package etl

import (
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/disdukcapil-bekasi/pantau/privacy"
)

// scalarUDF adapts a Go function on one row to a DuckDB scalar function.
type scalarUDF struct {
	in  []duckdb.Type
	out duckdb.Type
	fn  duckdb.RowExecutorFn
}

func (u scalarUDF) Config() duckdb.ScalarFuncConfig {
	cfg := duckdb.ScalarFuncConfig{}
	for _, t := range u.in {
		info, _ := duckdb.NewTypeInfo(t)
		cfg.InputTypeInfos = append(cfg.InputTypeInfos, info)
	}
	cfg.ResultTypeInfo, _ = duckdb.NewTypeInfo(u.out)
	return cfg
}

func (u scalarUDF) Executor() duckdb.ScalarFuncExecutor {
	return duckdb.ScalarFuncExecutor{RowExecutor: u.fn}
}

// registerFunctions installs the Go parsers as SQL functions on conn:
//
//	pantau_time(text, layout, zone) TIMESTAMP   -- NULL when not a date
//	pantau_int(text, decimal_comma) BIGINT      -- NULL when not a whole number
//	pantau_nik(text) VARCHAR                    -- keyed hash of a NIK (nikudf.go)
//	pantau_redact(text) VARCHAR                 -- phone numbers and NIKs masked (privacy.Redact)
//	pantau_pseudonym(text) VARCHAR              -- phone numbers and NIKs as keyed pseudonyms (ids)
//	pantau_classify(text) VARCHAR               -- complaint category from keywords
func registerFunctions(conn *sql.Conn, classifier *Classifier, nikKey []byte) error {
	var zones sync.Map
	location := func(name string) *time.Location {
		if l, ok := zones.Load(name); ok {
			return l.(*time.Location)
		}
		l, err := time.LoadLocation(name)
		if err != nil {
			l = time.FixedZone("WIB", 7*3600)
		}
		zones.Store(name, l)
		return l
	}
	V, B, T, I := duckdb.TYPE_VARCHAR, duckdb.TYPE_BOOLEAN, duckdb.TYPE_TIMESTAMP, duckdb.TYPE_BIGINT
	udfs := map[string]scalarUDF{
		"pantau_time": {[]duckdb.Type{V, V, V}, T, func(v []driver.Value) (any, error) {
			t, err := ParseTime(v[0].(string), v[1].(string), location(v[2].(string)))
			if err != nil {
				return nil, nil
			}
			return t, nil
		}},
		"pantau_int": {[]duckdb.Type{V, B}, I, func(v []driver.Value) (any, error) {
			n, err := ParseInt(v[0].(string), v[1].(bool))
			if err != nil {
				return nil, nil
			}
			return n, nil
		}},
		"pantau_classify": {[]duckdb.Type{V}, V, func(v []driver.Value) (any, error) {
			return classifier.Classify(v[0].(string)), nil
		}},
	}
	if err := duckdb.RegisterScalarUDF(conn, "pantau_nik", newNIKHashUDF(nikKey)); err != nil && !strings.Contains(err.Error(), "already exists") {
		return fmt.Errorf("register pantau_nik: %w", err)
	}
	texts := map[string]textUDF{"pantau_redact": privacy.Redact, "pantau_pseudonym": privacy.NewPseudonyms(nikKey).Replace}
	for _, name := range []string{"pantau_redact", "pantau_pseudonym"} {
		if err := duckdb.RegisterScalarUDF(conn, name, texts[name]); err != nil && !strings.Contains(err.Error(), "already exists") {
			return fmt.Errorf("register %s: %w", name, err)
		}
	}
	for _, name := range []string{"pantau_time", "pantau_int", "pantau_classify"} {
		if err := duckdb.RegisterScalarUDF(conn, name, udfs[name]); err != nil {
			if strings.Contains(err.Error(), "already exists") {
				continue
			}
			return fmt.Errorf("register %s: %w", name, err)
		}
	}
	return nil
}
