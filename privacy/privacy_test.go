package privacy

import (
	"regexp"
	"strings"
	"testing"
)

var redactCases = []struct {
	name, in, want string
}{
	{"no digits", "KTP belum jadi", "KTP belum jadi"},
	{"few digits", "antre 3 jam di loket 12", "antre 3 jam di loket 12"},
	{"nik alone", "3216015708900003", NIKMask},
	{"nik in text", "NIK saya 3216015708900003 belum padan", "NIK saya " + NIKMask + " belum padan"},
	{"nik then a short number", "NIK 3216015708900003 1", "NIK " + NIKMask + " 1"},
	{"short number then nik", "no 12 3216015708900003", "no 12 " + NIKMask},
	{"nik touching letters", "nik3216015708900003x", "nik" + NIKMask + "x"},
	{"nik with dots", "3216.0157.0890.0003", NIKMask},
	{"nik with dashes", "3216-0157-0890-0003", NIKMask},
	{"nik with spaces", "3216 0157 0890 0003", NIKMask},
	{"nik in 6-6-4", "321601 570890 0003", NIKMask},
	{"nik in region dots", "32.16.01.570890.0003", NIKMask},
	{"nik digit by digit", "3 2 1 6 0 1 5 7 0 8 9 0 0 0 0 3", NIKMask},
	{"nik in a date column", "event_time 3216015708900003 x", "event_time " + NIKMask + " x"},
	{"nik in an id", "EV-3216015708900003", "EV-" + NIKMask},
	{"two niks", "3216015708900003 3216015708900004", NIKMask + " " + NIKMask},
	{"nik then phone", "3216015708900003, 081234567890", NIKMask + ", " + PhoneMask},
	{"15 digits are not a nik", "321601570890000", "321601570890000"},
	{"17 digits are not a nik", "32160157089000031", "32160157089000031"},
	{"18-digit application id", "3216-20220103-000123", "3216-20220103-000123"},
	{"16-digit response id", "SKM-3216-20220101-0001", "SKM-3216-20220101-0001"},
	{"nik after an id's digits", "R-00-3216-0157-0890-0003", "R-00-" + NIKMask},
	{"nik glued to digits", "R-003216015708900003", "R-003216015708900003"},
	{"event id", "EV-000123", "EV-000123"},
	{"office code", "KEC-02", "KEC-02"},
	{"region code", "3216", "3216"},
	{"date and time", "2023-01-05 08:12:33", "2023-01-05 08:12:33"},
	{"day-first date", "05-01-2023 10:00", "05-01-2023 10:00"},
	{"quantity", "1.572.964", "1.572.964"},
	{"mobile with dashes", "WA 0812-3456-7890 ya", "WA " + PhoneMask + " ya"},
	{"mobile together", "hubungi 081234567890", "hubungi " + PhoneMask},
	{"mobile touching letters", "hp081234567890x", "hp" + PhoneMask + "x"},
	{"mobile with spaces", "0812 3456 789", PhoneMask},
	{"mobile +62", "+62 812-3456-7890", PhoneMask},
	{"mobile 62", "6281234567890", PhoneMask},
	{"mobile +62 together", "+6281234567890.", PhoneMask + "."},
	{"landline in parentheses", "telp (021) 5551234", "telp " + PhoneMask},
	{"landline with area code", "0264-123456 kantor", PhoneMask + " kantor"},
	{"landline +62", "+62 21 5551234", PhoneMask},
	{"62 landline needs the plus", "62 21 5551234", "62 21 5551234"},
	{"zero-padded counter", "0000012345", "0000012345"},
	{"mobile too long", "08123456789012345", "08123456789012345"},
}

func TestRedact(t *testing.T) {
	for _, tc := range redactCases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Redact(tc.in); got != tc.want {
				t.Errorf("Redact(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestGuardCoversFind: the SQL guard matches every text Find finds a
// personal number in, so that a cell it lets through holds none.
func TestGuardCoversFind(t *testing.T) {
	guard := regexp.MustCompile(Guard)
	for _, tc := range redactCases {
		if found := len(Find(tc.in)) > 0; found && !guard.MatchString(tc.in) {
			t.Errorf("%s: Find finds a number in %q but the guard does not match", tc.name, tc.in)
		}
	}
	for _, id := range []string{"3216-20220103-000123", "EV-000123", "E22010100001", "KEC-02", "2023-01-05 08:12:33", "SKM-3216-20220101-0001"} {
		if guard.MatchString(id) {
			t.Errorf("the guard matches %q: every such id would take the slow path", id)
		}
	}
}

func TestPseudonyms(t *testing.T) {
	p := NewPseudonyms([]byte("0123456789abcdef0123456789abcdef"))
	a := p.Replace("3216015708900003")
	b := p.Replace("3216-0157-0890-0003")
	c := p.Replace("3216015708900004")
	if !strings.HasPrefix(a, "NIK-") || a != b || a == c {
		t.Errorf("pseudonyms: %q %q %q: want NIK-…, the same for the same NIK, another for another", a, b, c)
	}
	if strings.ContainsAny(a+c, "0123456789") || p.Replace(a) != a {
		t.Errorf("a pseudonym has digits or changes again: %q", a)
	}
	if got := p.Replace("hp 0812-3456-7890"); got != "hp "+p.Replace("+62 812 3456 7890") || !strings.HasPrefix(got, "hp HP-") {
		t.Errorf("the same phone written two ways: %q and %q", got, p.Replace("+62 812 3456 7890"))
	}
	other := NewPseudonyms([]byte("another key, another key, another"))
	if other.Replace("3216015708900003") == a {
		t.Error("another key gives the same pseudonym")
	}
}

// FuzzRedact: no panic; the result holds no personal number, redacting it
// again changes nothing, and the guard matches whatever Find finds in.
func FuzzRedact(f *testing.F) {
	for _, tc := range redactCases {
		f.Add(tc.in)
	}
	guard := regexp.MustCompile(Guard)
	f.Fuzz(func(t *testing.T, s string) {
		out := Redact(s)
		if len(Find(out)) > 0 || Redact(out) != out {
			t.Errorf("Redact(%q) = %q still holds a personal number", s, out)
		}
		if len(Find(s)) > 0 && !guard.MatchString(s) {
			t.Errorf("Find finds a number in %q but the guard does not match", s)
		}
	})
}

func BenchmarkRedactID(b *testing.B) {
	for b.Loop() {
		Redact("3216-20220103-000123")
	}
}
