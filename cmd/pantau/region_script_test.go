package main

import (
	"context"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// scriptAddRegion is the testscript command
//
//	addregion DB CODE NAME TIME_ZONE OFFICE_CODE[:TYPE]...
//
// which adds a region and its offices to a warehouse (creating it), as the
// reference of every Indonesian region will: until then the only way a
// script gets a second region to load rows for. NAME uses _ for spaces.
func scriptAddRegion(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 5 {
		ts.Fatalf("usage: addregion DB CODE NAME TIME_ZONE OFFICE_CODE[:TYPE]...")
	}
	ctx := context.Background()
	w, err := warehouse.Open(ctx, ts.MkAbs(args[0]), warehouse.Options{})
	ts.Check(err)
	defer w.Close()
	code, name := args[1], strings.ReplaceAll(args[2], "_", " ")
	_, err = w.DB.ExecContext(ctx, `INSERT INTO regions (region_code, name, time_zone) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, code, name, args[3])
	ts.Check(err)
	for _, o := range args[4:] {
		office, kind, ok := strings.Cut(o, ":")
		if !ok {
			kind = "dinas"
		}
		_, err = w.DB.ExecContext(ctx, `INSERT INTO offices (office_code, region_code, name, type) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
			office, code, "Dinas "+name, kind)
		ts.Check(err)
	}
}
