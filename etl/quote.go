package etl

import (
	"fmt"
	"strings"
	"unicode/utf8"
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

// quoteHeader lists header cells for a message, cut to maxQuoted.
func quoteHeader(header []string) string {
	return truncate(strings.Join(header, ", "), maxQuoted)
}

// sqlQuoted is the SQL of expr cut to maxQuoted characters, with an
// ellipsis when it cut: a value quoted in a reject's reason.
func sqlQuoted(expr string) string {
	return fmt.Sprintf("(CASE WHEN length(%[1]s) > %[2]d THEN left(%[1]s, %[2]d) || '…' ELSE %[1]s END)", expr, maxQuoted)
}
