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
	var cards []string
	for _, c := range w.cards() {
		line := "• " + c.Title + ": " + c.Value
		if c.ChangeClass != "same" {
			// The change without its percentage: the message is short.
			ch := strings.TrimSuffix(c.Change, " "+l.T("change.vs_last_week"))
			if i := strings.Index(ch, " ("); i > 0 {
				ch = ch[:i]
			}
			line += " (" + ch + ")"
		}
		if c.Status == "red" {
			line += " ⚠"
		}
		cards = append(cards, line+"\n")
	}
	tail := ""
	if attachment != "" {
		tail = "\n" + l.Tf("text.attachment", attachment)
	}
	// What needs action comes first: while the message is too long, the
	// last cards go (down to minCards; the attachment has them all), then
	// the last sentences.
	narrative := w.narrative()
	compose := func(n, k int) string {
		var sb strings.Builder
		sb.WriteString(head)
		for _, s := range narrative[:n] {
			sb.WriteString("- " + s + "\n")
		}
		if n > 0 {
			sb.WriteString("\n")
		}
		sb.WriteString(strings.Join(cards[:k], ""))
		sb.WriteString(tail)
		// The last step: the one redaction of every text from data.
		return privacy.Redact(sb.String())
	}
	n, k := len(narrative), len(cards)
	msg := compose(n, k)
	for utf8.RuneCountInString(msg) >= textLimit && (n > 0 || k > min(minCards, len(cards))) {
		if k > min(minCards, len(cards)) {
			k--
		} else {
			n--
		}
		msg = compose(n, k)
	}
	_, err := io.WriteString(out, strings.TrimRight(msg, "\n")+"\n")
	return err
}

// minCards are the cards the message keeps before it drops a sentence:
// recordings to the stock.
const minCards = 6

func (b basics) stampsPeriod(l Lang) string {
	period, asOf, _ := b.stamps(l, b.sunday)
	return period + " · " + asOf
}
