package reports

import (
	"fmt"
	"io"
	"strings"

	"github.com/disdukcapil-bekasi/pantau/checks"
	"github.com/disdukcapil-bekasi/pantau/kpi"
)

// WriteGlossary writes docs/glossary.md: the one label of every KPI value,
// stock plan measure and data-quality check in Bahasa Indonesia and English,
// from the same metadata the reports read. A test keeps the file current.
func WriteGlossary(w io.Writer) error { return writeGlossary(w, kpi.Default()) }

// writeGlossary writes the glossary of a catalogue.
func writeGlossary(w io.Writer, cat *kpi.Catalogue) error {
	var b strings.Builder
	b.WriteString("# Glossary — one label per measure\n\n")
	b.WriteString("Generated from `kpi/kpis.yaml`, `kpi/measures.yaml` and `checks/sql/*.sql` by\n")
	b.WriteString("`go test ./reports -run Glossary -update`; do not edit by hand. Every report, the WhatsApp text\n")
	b.WriteString("and `pantau kpi` use these labels; a different measure has a different label.\n\n")
	b.WriteString("## KPIs (`kpi_weekly`, `pantau kpi`)\n\n")
	b.WriteString("| value | Bahasa Indonesia | English | unit | better |\n|---|---|---|---|---|\n")
	for _, d := range cat.Definitions() {
		better := "higher"
		if d.LowerIsBetter {
			better = "lower"
		}
		for _, v := range d.Values {
			l := cat.Label(v.Name)
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", v.Name, cellText(l.ID), cellText(l.EN), d.UnitOf(v.Name), better)
		}
	}
	b.WriteString("\n**Weeks of stock** (`weeks_of_cover`, *Pekan stok*): the blanko stock at the end of the week ÷ the mean\n")
	b.WriteString("weekly use (cards printed and spoiled) of the four weeks ending then; none when nothing was used. One\n")
	b.WriteString("figure in every report — weekly, planner, national ranking, allocation, distribution (`planning.WeeksOfStock`).\n")
	b.WriteString("\n## Stock plan and rates (`pantau forecast`, planner and national reports)\n\n")
	b.WriteString("| measure | Bahasa Indonesia | English | what it measures |\n|---|---|---|---|\n")
	for _, m := range cat.Measures() {
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", m.ID, cellText(m.Title.ID), cellText(m.Title.EN), cellText(m.About.EN))
	}
	b.WriteString("\n## Data-quality checks (`pantau check list`)\n\n")
	b.WriteString("| check | level | Bahasa Indonesia | English | what it checks |\n|---|---|---|---|---|\n")
	for _, c := range checks.Definitions() {
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", c.ID, c.Level, cellText(c.Title.ID), cellText(c.Title.EN), cellText(c.About.EN))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// cellText keeps a text inside one Markdown table cell.
func cellText(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
