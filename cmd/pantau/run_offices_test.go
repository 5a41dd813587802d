package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// TestRunWritesEveryOfficesReport runs the weekly job on a synthetic inbox
// (ten weeks of Kabupaten Bekasi at a fifth of the volume): it writes the
// region's reports, one weekly report per office active in the week, and
// an index whose every link resolves to a file beside it.
func TestRunWritesEveryOfficesReport(t *testing.T) {
	if testing.Short() {
		t.Skip("loads ten weeks of synthetic data")
	}
	dir := t.TempDir()
	inbox := filepath.Join(dir, "inbox")
	cfg := filepath.Join(dir, "pantau.yaml")
	db := filepath.Join(dir, "w.duckdb")
	out := filepath.Join(dir, "laporan")
	yaml := "run:\n  inbox: " + inbox + "\n  archive: " + filepath.Join(dir, "archive") + "\n  output: " + out + "\n  pdf: never\n"
	if err := os.WriteFile(cfg, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"generate", "--out", inbox, "--from", "2022-11-01", "--to", "2023-01-15", "--scale", "0.2"},
		{"run", "--config", cfg, "--db", db},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr); code != 0 {
			t.Fatalf("pantau %s: exit %d: %s", strings.Join(args, " "), code, stderr.String())
		}
	}
	ctx := context.Background()
	w, err := warehouse.Open(ctx, db, warehouse.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	week, err := kpi.LatestWeek(ctx, w.DB)
	if err != nil {
		t.Fatal(err)
	}
	active, err := kpi.ActiveOffices(ctx, w.DB, "3216", week)
	w.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(active) < 20 {
		t.Fatalf("%d active offices in %s; the synthetic week should have most of the 30", len(active), week)
	}
	want := []string{"laporan-mingguan-" + week + ".html", "rencana-blanko-" + week + ".html", "kualitas-data-" + week + ".html", "index.html"}
	for _, o := range active {
		want = append(want, "laporan-mingguan-"+week+"-"+o.Code+".html")
	}
	for _, f := range want {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("run did not write %s", f)
		}
	}
	offices, _ := filepath.Glob(filepath.Join(out, "laporan-mingguan-"+week+"-*.html"))
	if len(offices) != len(active) {
		t.Errorf("%d office reports, want %d (one per active office)", len(offices), len(active))
	}
	// Every link of the index resolves to a file.
	b, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	links := map[string]bool{}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "a" {
			for _, a := range n.Attr {
				if a.Key == "href" {
					links[a.Val] = true
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	for _, f := range want {
		if f != "index.html" && !links[f] {
			t.Errorf("the index does not link %s", f)
		}
	}
	for l := range links {
		if strings.Contains(l, "/") || strings.Contains(l, ":") {
			t.Errorf("the index links %q, not a file beside it", l)
			continue
		}
		if _, err := os.Stat(filepath.Join(out, l)); err != nil {
			t.Errorf("the index links %s, which does not exist", l)
		}
	}
	// The region's reports come before the offices'.
	if i, j := bytes.Index(b, []byte(want[0])), bytes.Index(b, []byte("laporan-mingguan-"+week+"-")); i < 0 || j < 0 || i > j {
		t.Errorf("the region's weekly report is not listed before the offices' (%d, %d)", i, j)
	}
}
