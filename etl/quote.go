package etl

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/disdukcapil-bekasi/pantau/privacy"
)

// maxQuoted bounds a header or value quoted in a message: a file's text
// may be anything, a 10 MB header line included.
const maxQuoted = 80

// truncate cuts s to n characters, with an ellipsis when it cut.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i, count := 0, 0
	for i < len(s) && count < n {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		count++
	}
	if i >= len(s) {
		return s
	}
	return s[:i] + "…"
}

// quoteHeader lists header cells for a message, redacted and cut to maxQuoted.
func quoteHeader(header []string) string {
	return quote(strings.Join(header, ", "))
}

// quote is a value as a message may quote it: its NIKs and phone numbers
// masked, then cut to maxQuoted (in this order: a cut could leave a part
// of a NIK that no longer looks like one).
func quote(s string) string {
	return truncate(privacy.Redact(s), maxQuoted)
}

// sqlQuoted is the SQL of expr redacted (pantau_redact) and cut to
// maxQuoted characters, with an ellipsis when it cut: a value quoted in a
// reject's reason. It runs only for the rows that are rejected.
func sqlQuoted(expr string) string {
	q := "pantau_redact(" + expr + ")"
	return fmt.Sprintf("(CASE WHEN length(%[1]s) > %[2]d THEN left(%[1]s, %[2]d) || '…' ELSE %[1]s END)", q, maxQuoted)
}
