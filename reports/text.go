package reports

import (
	"io"
	"strings"
	"unicode/utf8"

	"github.com/disdukcapil-bekasi/pantau/privacy"
)

// textLimit is the most characters the WhatsApp message may have.
const textLimit = 1000

// WriteText writes the narrative and the KPI cards as a plain-text message
// for the leadership's WhatsApp group (under 1,000 characters; the report
// file goes with it as an attachment). WhatsApp shows *text* in bold.
func (w *Weekly) WriteText(out io.Writer, attachment string) error {
	l := w.opt.Lang
	head := "*" + l.T("weekly.title") + " — " + w.b.scopeName(l, w.opt.Office) + "*\n" + w.b.stampsPeriod(l) + "\n\n"
	var cards strings.Builder
	for _, c := range w.cards() {
		line := "• " + c.Title + ": " + c.Value
		if c.ChangeClass != "same" {
			line += " (" + strings.TrimSuffix(c.Change, " "+l.T("change.vs_last_week")) + ")"
		}
		if c.Status == "red" {
			line += " ⚠"
		}
		cards.WriteString(line + "\n")
	}
	tail := ""
	if attachment != "" {
		tail = "\n" + l.Tf("text.attachment", attachment)
	}
	narrative := w.narrative()
	for n := len(narrative); n >= 0; n-- {
		var sb strings.Builder
		sb.WriteString(head)
		for _, s := range narrative[:n] {
			sb.WriteString("- " + s + "\n")
		}
		if n > 0 {
			sb.WriteString("\n")
		}
		sb.WriteString(cards.String())
		sb.WriteString(tail)
		// The last step: the one redaction of every text from data.
		if msg := privacy.Redact(sb.String()); utf8.RuneCountInString(msg) < textLimit || n == 0 {
			_, err := io.WriteString(out, strings.TrimRight(msg, "\n")+"\n")
			return err
		}
	}
	return nil
}

func (b basics) stampsPeriod(l Lang) string {
	period, asOf, _ := b.stamps(l, b.sunday)
	return period + " · " + asOf
}
