package page

import "github.com/disdukcapil-bekasi/pantau/privacy"

// The reports' last step: every text of a page and of the WhatsApp message
// passes the one redaction (privacy.Redact) again, just before it is
// written. The warehouse's text was redacted on ingest (and by migration
// 0012); this pass holds even for a warehouse that was not, or a text a
// future section takes from somewhere new. A text without ten digits costs
// a scan of its bytes. Chart options are walked too: their category names
// (offices, occupations) came from data.

// redactPage redacts every text of p in place.
func redactPage(p *Page) {
	for _, s := range []*string{&p.Org, &p.Title, &p.Scope, &p.Period, &p.DataAsOf, &p.Generated, &p.NoScript} {
		*s = privacy.Redact(*s)
	}
	redactAll(p.Footer)
	for i := range p.Sections {
		redactSection(&p.Sections[i])
	}
}

// redactSection redacts every text of s in place (blocks, tables and
// charts are shared with the page: each is redacted, once or again).
func redactSection(s *Section) {
	s.Title = privacy.Redact(s.Title)
	for i := range s.Blocks {
		b := &s.Blocks[i]
		b.Paragraph = privacy.Redact(b.Paragraph)
		redactAll(b.List)
		for j := range b.Cards {
			c := &b.Cards[j]
			for _, t := range []*string{&c.Title, &c.Value, &c.Change, &c.StatusText} {
				*t = privacy.Redact(*t)
			}
		}
		redactTable(b.Table)
		for _, c := range b.Charts() {
			c.Title, c.Note, c.TableLabel = privacy.Redact(c.Title), privacy.Redact(c.Note), privacy.Redact(c.TableLabel)
			redactTable(c.Table)
			redactOptions(c.Options)
		}
	}
}

func redactTable(t *Table) {
	if t == nil {
		return
	}
	t.Caption, t.Empty, t.Note = privacy.Redact(t.Caption), privacy.Redact(t.Empty), privacy.Redact(t.Note)
	for i := range t.Head {
		redactCell(&t.Head[i])
	}
	for _, row := range t.Rows {
		for i := range row {
			redactCell(&row[i])
		}
	}
}

func redactCell(c *Cell) {
	c.Text, c.Label = privacy.Redact(c.Text), privacy.Redact(c.Label)
}

func redactAll(texts []string) {
	for i, s := range texts {
		texts[i] = privacy.Redact(s)
	}
}

// redactOptions redacts the strings of chart options (JSON-shaped: maps,
// lists, strings, numbers) in place.
func redactOptions(v any) any {
	switch v := v.(type) {
	case string:
		return privacy.Redact(v)
	case map[string]any:
		for k, x := range v {
			v[k] = redactOptions(x)
		}
	case []any:
		for i, x := range v {
			v[i] = redactOptions(x)
		}
	case []string:
		redactAll(v)
	}
	return v
}
