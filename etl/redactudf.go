package etl

import (
	"context"

	"github.com/duckdb/duckdb-go/v2"
)

// textUDF is a VARCHAR → VARCHAR SQL function of a Go function of one text
// (pantau_redact, pantau_pseudonym). Like pantau_nik it works on whole
// vectors and borrows the strings: a cell without a personal number costs a
// scan of its bytes and DuckDB's copy of it.
type textUDF func(string) string

func (u textUDF) Config() duckdb.ScalarFuncConfig {
	v, _ := duckdb.NewTypeInfo(duckdb.TYPE_VARCHAR)
	return duckdb.ScalarFuncConfig{InputTypeInfos: []duckdb.TypeInfo{v}, ResultTypeInfo: v}
}

func (u textUDF) Executor() duckdb.ScalarFuncExecutor {
	return duckdb.ScalarFuncExecutor{ChunkContextExecutor: func(_ context.Context, state *duckdb.ChunkIteratorState) error {
		view, out, err := textVectors(state)
		if err != nil {
			return err
		}
		for row := range view.Len() {
			s, valid, err := view.GetValueBorrowed(row)
			if err != nil {
				return err
			}
			if !valid {
				continue // NULL in, NULL out (DuckDB's default handling)
			}
			// DuckDB copies the value: the borrowed text may be returned.
			if err := out.Set(row, u(s)); err != nil {
				return err
			}
		}
		return nil
	}}
}

// textVectors returns a VARCHAR function's one input vector, borrowed, and
// its result vector: the start of pantau_nik, pantau_redact and
// pantau_pseudonym alike.
func textVectors(state *duckdb.ChunkIteratorState) (duckdb.VectorView[string], duckdb.VectorWriter[string], error) {
	var view duckdb.VectorView[string]
	var out duckdb.VectorWriter[string]
	in, err := state.GetInputChunk().GetVector(0)
	if err == nil {
		view, err = duckdb.GetVectorView[string](in)
	}
	if err == nil {
		out, err = duckdb.GetVectorWriter[string](state.GetResultVector())
	}
	return view, out, err
}
