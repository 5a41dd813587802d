package reports

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/disdukcapil-bekasi/pantau/checks"
	"github.com/disdukcapil-bekasi/pantau/reports/page"
)

// forbidden are what an Indonesian report's visible text must not hold:
// English words, code identifiers, ISO week and period ids, and the
// second word of an idea that has one ("pekan", "Peluang habis").
var forbidden = []*regexp.Regexp{
	regexp.MustCompile(`\b[a-z]+_[a-z_]+\b`),                                  // snake_case identifiers
	regexp.MustCompile(`\b[a-z]+\+[a-z]+\b`),                                  // method names: combt+theta
	regexp.MustCompile("`"),                                                   // code
	regexp.MustCompile(`\bpantau (kpi|check|forecast|report|run|load|sql)\b`), // commands
	regexp.MustCompile(`\b\d{4}-W\d{2}\b`),                                    // ISO weeks
	regexp.MustCompile(`\b\d{4}-[SQ]\d\b`),                                    // period ids
	regexp.MustCompile(`\bminggu\b|\bMinggu\b[^,]`),                           // "pekan" is the week; Minggu, the day
	regexp.MustCompile(`Risiko habis`),                                        // "Peluang habis" is the one word
	regexp.MustCompile(`(?i)\b(the|of|and|is|not|with|week|weeks|stock|forecast|backlog|loaded|horizon|order-up-to|margin of error|combt|unsur u\d)\b`),
}

// visibleText is the text of the page a reader sees: not scripts, styles
// or chart options, and not cells of text from data (class "text": file
// names, rejected values, complaint texts).
func visibleText(t *testing.T, page []byte) string {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "style", "head":
				return
			}
			for _, a := range n.Attr {
				if a.Key == "class" && strings.Contains(" "+a.Val+" ", " text ") {
					return
				}
			}
		}
		if n.Type == html.TextNode {
			sb.WriteString(n.Data + "\n")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return sb.String()
}

// TestVocabulary renders every Indonesian report — weekly (region and
// office), planner, quality, ikm, national and the index — and scans its
// visible text for English words and code identifiers.
func TestVocabulary(t *testing.T) {
	r, err := page.NewRendererWith([]byte("/* echarts stand-in */"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	db, ikmDB, nationalDB := fixtureDB(t), ikmFixtureDB(t), nationalFixtureDB(t)
	office := fixtureOptions(Indonesian)
	office.Office = "KEC-01"
	survey := ikmOptions(Indonesian, "2023-S1")
	pages := map[string]func() (Report, error){
		"weekly":        func() (Report, error) { return Build(ctx, db, KindWeekly, fixtureOptions(Indonesian)) },
		"weekly office": func() (Report, error) { return Build(ctx, db, KindWeekly, office) },
		"planner":       func() (Report, error) { return Build(ctx, db, KindPlanner, fixtureOptions(Indonesian)) },
		"quality":       func() (Report, error) { return Build(ctx, db, KindQuality, fixtureOptions(Indonesian)) },
		"ikm":           func() (Report, error) { return Build(ctx, ikmDB, KindIKM, survey) },
		"national":      func() (Report, error) { return Build(ctx, nationalDB, KindNational, nationalOptions(Indonesian, "")) },
	}
	check := func(name string, page []byte) {
		text := visibleText(t, page)
		for _, re := range forbidden {
			for _, m := range re.FindAllString(text, -1) {
				i := strings.Index(text, m)
				from, to := max(0, i-60), min(len(text), i+len(m)+60)
				t.Errorf("%s: %q in %q", name, m, strings.ReplaceAll(text[from:to], "\n", " "))
			}
		}
	}
	for name, build := range pages {
		rep, err := build()
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := rep.WriteHTML(&buf, r); err != nil {
			t.Fatal(err)
		}
		check(name, buf.Bytes())
		// The weekly's survey card and sentences: no abbreviation of the
		// regulation's (NRR) on a Kadis's first screen.
		if strings.HasPrefix(name, "weekly") && strings.Contains(visibleText(t, buf.Bytes()), "NRR") {
			t.Errorf("%s: NRR on the weekly report", name)
		}
	}
	var buf bytes.Buffer
	entries := []IndexEntry{}
	for _, f := range []string{"laporan-mingguan-2023-W11.html", "laporan-mingguan-2023-W11-KEC-01.html", "rencana-blanko-2023-W11.html",
		"kualitas-data-2023-W11.html", "indeks-kepuasan-2022-S2.html", "laporan-nasional-2023-W11.html", "laporan-provinsi-32-2023-W11.html"} {
		e, _ := ParseFileName(f)
		entries = append(entries, e)
	}
	if err := WriteIndex(&buf, r, Indonesian, "Kabupaten Bekasi", fixtureOptions(Indonesian).Now, entries,
		[]IndexOffice{{Code: "KEC-01", Name: "Kec. Tarumajaya", Kecamatan: "Tarumajaya", Type: "kecamatan"}}); err != nil {
		t.Fatal(err)
	}
	check("index", buf.Bytes())

	// The data-quality checks' Indonesian titles and messages, whichever
	// result the fixture gives (its placeholders are figures, dates, codes
	// from data, or words the SQL writes in Indonesian).
	placeholder := regexp.MustCompile(`\{[a-z_]+\}`)
	for _, d := range checks.Definitions() {
		for key, m := range d.Messages {
			text := placeholder.ReplaceAllString(d.Title.ID+" "+m.ID, "0")
			for _, re := range forbidden {
				if found := re.FindString(text); found != "" {
					t.Errorf("check %s, message %s: %q in %q", d.ID, key, found, m.ID)
				}
			}
		}
	}
}
