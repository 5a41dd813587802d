// Package privacy finds the personal numbers a person may type into any
// text — NIKs (the 16-digit national identity number) and Indonesian phone
// numbers — and masks them (Redact) or replaces them by keyed pseudonyms
// (Pseudonyms). It is the one redaction of DESIGN.md §4: etl applies it to
// every text cell on ingest, the warehouse to every stored text once
// (migration 0012), and the reports to every text from data again as their
// last step.
//
// It imports nothing of pantau: etl, warehouse and reports all import it.
//
// What counts as a personal number:
//
//   - A NIK is exactly 16 digits, not touching another digit (letters may
//     touch it: "nik3216015708900003x"), written together or in the groups
//     people write a NIK in, joined by a space, dot or dash: 4-4-4-4
//     ("3216.0157.0890.0003"), 6-6-4 (region, birth date, serial:
//     "321601 570890 0003"), 2-2-2-6-4 ("32.16.01.570890.0003") or digit by
//     digit. Other groupings of 16 digits are ids, not NIKs: region, date
//     and serial, 3216-20220101-0001 (4-8-4), is how survey responses and
//     applications are numbered. A run of 15 or 17 digits is not a NIK
//     either: it cannot be told from an order number or a timestamp. So a
//     NIK glued to other digits ("R-003216015708900003") or mistyped by a
//     digit is not found; one inside an id with separators
//     ("EV-3216015708900003", "R-00-3216-0157-0890-0003") is.
//   - A phone number is a mobile number 08… (10 to 13 digits, the first
//     group at least 3 digits: "0812-3456-7890") or 628…/+628… (11 to 14),
//     or a landline 0[1-79]… (10 to 12 digits, an area code of 3 or 4
//     digits or in parentheses: "(021) 5551234") or +62[1-79]….
//
// How to extend it: add the pattern to Find (and its table case to
// privacy_test.go), and widen Guard so that it still matches every text
// Find finds something in (TestGuardCoversFind checks it).
package privacy

import "strings"

// Kind is what a personal number is.
type Kind uint8

// The kinds of personal number.
const (
	NIK Kind = iota + 1
	Phone
)

// The masks Redact writes.
const (
	NIKMask   = "[NIK disamarkan]"
	PhoneMask = "[nomor disamarkan]"
)

// minDigits is the fewest digits a personal number has: a text with fewer
// is returned as it is without a closer look.
const minDigits = 10

// MinLength is the fewest bytes of a text that holds a personal number.
const MinLength = minDigits

// Guard is an RE2 pattern (DuckDB's regexp_matches, Go's regexp) that
// matches every text Find finds a personal number in, and few others: a
// cheaper test before the exact one, in SQL. (Its groups do not capture:
// RE2 is faster so.)
const Guard = `(?:^|[^0-9])(?:` + guardNIK + `(?:[^0-9]|$)|(?:0|62)(?:[ .()-]{0,2}[0-9]){8})`

// guardNIK is a NIK in one of its layouts; guardSep a separator between
// groups, as chainAt allows them.
const (
	guardSep = `[ .()-]{1,2}`
	guardNIK = `(?:[0-9]{16}|[0-9]{4}(?:` + guardSep + `[0-9]{4}){3}|[0-9]{6}` + guardSep + `[0-9]{6}` + guardSep + `[0-9]{4}|` +
		`[0-9]{2}` + guardSep + `[0-9]{2}` + guardSep + `[0-9]{2}` + guardSep + `[0-9]{6}` + guardSep + `[0-9]{4}|[0-9](?:` + guardSep + `[0-9]){15})`
)

// Match is one personal number in a text: text[Start:End].
type Match struct {
	Start, End int
	Kind       Kind
	// Digits are its digits; a phone number's 62 country code is written 0.
	Digits string
}

// Redact masks every NIK and phone number in text.
func Redact(text string) string {
	return Replace(text, func(m Match) string {
		if m.Kind == NIK {
			return NIKMask
		}
		return PhoneMask
	})
}

// Replace replaces every personal number in text by repl of it; text
// itself when there is none.
func Replace(text string, repl func(Match) string) string {
	matches := Find(text)
	if len(matches) == 0 {
		return text
	}
	var sb strings.Builder
	last := 0
	for _, m := range matches {
		sb.WriteString(text[last:m.Start])
		sb.WriteString(repl(m))
		last = m.End
	}
	sb.WriteString(text[last:])
	return sb.String()
}

// Find returns the personal numbers in text, in order, none overlapping.
func Find(text string) []Match {
	if !enoughDigits(text) {
		return nil
	}
	var out []Match
	var buf [16]group // most chains are short: no allocation
	for i := 0; i < len(text); {
		if !isDigit(text[i]) {
			i++
			continue
		}
		groups := chainAt(text, i, buf[:0])
		out = matchChain(text, groups, out)
		i = groups[len(groups)-1].end
	}
	return out
}

func enoughDigits(s string) bool {
	n := 0
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			if n++; n == minDigits {
				return true
			}
		}
	}
	return false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isSeparator(c byte) bool { return c == ' ' || c == '.' || c == '-' }

// group is a run of digits, text[start:end]; paren says it is written in
// parentheses, as an area code is.
type group struct {
	start, end int
	paren      bool
}

// chainAt returns the groups of digits from i on that are joined by one
// separator (space, dot, dash), a closing parenthesis (with or without one
// separator after it) or a separator and an opening parenthesis.
func chainAt(s string, i int, groups []group) []group {
	for {
		g := group{start: i, paren: i > 0 && s[i-1] == '('}
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		g.end = i
		groups = append(groups, g)
		next := i
		switch {
		case next < len(s) && s[next] == ')':
			next++
			if next < len(s) && isSeparator(s[next]) {
				next++
			}
		case next < len(s) && isSeparator(s[next]):
			next++
			if next < len(s) && s[next] == '(' {
				next++
			}
		}
		if next == i || next >= len(s) || !isDigit(s[next]) {
			return groups
		}
		i = next
	}
}

// matchChain finds the personal numbers among a chain's groups: from each
// group on, a NIK (groups of 16 digits in all), else the longest phone
// number; a match starts and ends at group boundaries, so it never touches
// another digit.
func matchChain(s string, groups []group, out []Match) []Match {
	for i := 0; i < len(groups); {
		m, j, ok := matchFrom(s, groups, i)
		if !ok {
			i++
			continue
		}
		out = append(out, m)
		i = j + 1
	}
	return out
}

func matchFrom(s string, groups []group, i int) (Match, int, bool) {
	var buf [16]byte
	digits := buf[:0]
	phoneEnd, phoneLen := -1, 0
	for j := i; j < len(groups); j++ {
		g := s[groups[j].start:groups[j].end]
		if len(digits)+len(g) > 16 {
			break
		}
		digits = append(digits, g...)
		if len(digits) == 16 && nikLayout(groups[i:j+1]) {
			return span(s, groups[i], groups[j], NIK, string(digits)), j, true
		}
		if isPhone(s, groups[i:j+1], digits) {
			phoneEnd, phoneLen = j, len(digits)
		}
	}
	if phoneEnd < 0 {
		return Match{}, 0, false
	}
	phone := string(digits[:phoneLen])
	if phone[0] == '6' { // the country code 62 as 0
		phone = "0" + phone[2:]
	}
	return span(s, groups[i], groups[phoneEnd], Phone, phone), phoneEnd, true
}

// nikLayout reports whether 16 digits in groups are written as a NIK is
// (see the package comment): together, 4-4-4-4, 6-6-4, 2-2-2-6-4 or digit
// by digit.
func nikLayout(groups []group) bool {
	var sizes [16]byte
	for i, g := range groups {
		sizes[i] = byte('0' + g.end - g.start) // ':' for 10, '@' for 16
	}
	switch string(sizes[:len(groups)]) {
	case "@", "4444", "664", "22264", strings.Repeat("1", 16):
		return true
	}
	return false
}

// span is the match from first to last, with an opening parenthesis or plus
// sign just before it.
func span(s string, first, last group, k Kind, digits string) Match {
	start, end := first.start, last.end
	if start > 0 && s[start-1] == '(' {
		start--
	}
	if start > 0 && s[start-1] == '+' {
		start--
	}
	if first.paren && end < len(s) && s[end] == ')' && first == last {
		end++
	}
	return Match{Start: start, End: end, Kind: k, Digits: digits}
}

// isPhone reports whether groups (with digits, their digits together) are
// a phone number.
func isPhone(s string, groups []group, digits []byte) bool {
	n, first := len(digits), groups[0]
	firstLen := first.end - first.start
	plus := first.start > 0 && s[first.start-1] == '+'
	switch {
	case n < minDigits:
		return false
	case digits[0] == '0' && digits[1] == '8':
		return n <= 13 && (firstLen >= 3 || len(groups) == 1)
	case digits[0] == '0' && digits[1] != '0':
		area := len(groups) == 1 || first.paren || firstLen == 3 || firstLen == 4
		return n <= 12 && area
	case digits[0] == '6' && digits[1] == '2' && firstLen >= 2 && n >= 11:
		if digits[2] == '8' {
			return n <= 14
		}
		return plus && digits[2] != '0' && n <= 13
	}
	return false
}
