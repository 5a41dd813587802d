package reports

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/disdukcapil-bekasi/pantau/reports/page"
)

// TestPageAssembly renders each whole report of the fixture and checks how
// the page holds its parts together: it parses; its sections come in the
// layout's order; the chart data names every chart of the sections; every
// inline script and style is allowed by the page's CSP hashes and nothing
// else may load; texts from the data are escaped; the staff name stays out
// of the leadership report. The sections' contents are TestGolden's.
func TestPageAssembly(t *testing.T) {
	db := fixtureDB(t)
	lib := []byte("/* echarts stand-in */")
	r, err := page.NewRendererWith(lib)
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range Kinds() {
		for _, lang := range []Lang{Indonesian, English} {
			t.Run(string(kind)+"-"+string(lang), func(t *testing.T) {
				rep, err := Build(context.Background(), db, kind, fixtureOptions(lang))
				if err != nil {
					t.Fatal(err)
				}
				var buf bytes.Buffer
				if err := rep.WriteHTML(&buf, r); err != nil {
					t.Fatal(err)
				}
				checkAssembly(t, rep.page(), buf.Bytes(), lib)
				if kind == KindWeekly && strings.Contains(buf.String(), "Siti") {
					t.Errorf("weekly report shows the staff name")
				}
				if strings.Contains(buf.String(), "<script>alert") {
					t.Errorf("unescaped hostile text in the report")
				}
			})
		}
	}
}

func checkAssembly(t *testing.T, p page.Page, doc, lib []byte) {
	t.Helper()
	root, err := html.Parse(bytes.NewReader(doc))
	if err != nil {
		t.Fatalf("page does not parse: %v", err)
	}
	var sections, scripts, styles []string
	var csp, data string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			attr := map[string]string{}
			for _, a := range n.Attr {
				attr[a.Key] = a.Val
			}
			text := ""
			if n.FirstChild != nil {
				text = n.FirstChild.Data
			}
			switch {
			case n.Data == "section":
				sections = append(sections, attr["id"])
			case n.Data == "meta" && attr["http-equiv"] == "Content-Security-Policy":
				csp = attr["content"]
			case n.Data == "script" && attr["type"] == "application/json":
				data = text
			case n.Data == "script":
				scripts = append(scripts, text)
			case n.Data == "style":
				styles = append(styles, text)
			}
			if attr["src"] != "" || (n.Data == "link" && attr["href"] != "") {
				t.Errorf("<%s> loads %s%s", n.Data, attr["src"], attr["href"])
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)

	var want, charts []string
	for _, s := range p.Sections {
		want = append(want, s.ID)
		for _, b := range s.Blocks {
			for _, c := range b.Charts() {
				charts = append(charts, c.ID)
			}
		}
	}
	if !slices.Equal(sections, want) {
		t.Errorf("sections %v, want %v", sections, want)
	}
	var cd struct{ Charts []struct{ ID string } }
	if err := json.Unmarshal([]byte(data), &cd); err != nil {
		t.Fatalf("chart data: %v", err)
	}
	var got []string
	for _, c := range cd.Charts {
		got = append(got, c.ID)
	}
	if !slices.Equal(got, charts) {
		t.Errorf("chart data names %v, the sections hold %v", got, charts)
	}
	if len(charts) > 0 && (len(scripts) != 2 || scripts[0] != string(lib)) {
		t.Errorf("a page with charts inlines the library and the runner, got %d scripts", len(scripts))
	}
	if len(charts) == 0 && len(scripts) != 0 {
		t.Errorf("a page without charts carries %d scripts", len(scripts))
	}
	for _, src := range append(scripts, styles...) {
		sum := sha256.Sum256([]byte(src))
		if h := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"; !strings.Contains(csp, h) {
			t.Errorf("an inline script or style (%d bytes) is not allowed by the CSP", len(src))
		}
	}
	if !regexp.MustCompile(`default-src 'none'.*connect-src 'none'`).MatchString(csp) {
		t.Errorf("CSP allows network access: %s", csp)
	}
}
