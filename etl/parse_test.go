package etl

import (
	"strings"
	"testing"
	"time"
)

func TestParseTime(t *testing.T) {
	jakarta, _ := time.LoadLocation("Asia/Jakarta")
	want := func(y, mo, d, h, mi, s int) time.Time { return time.Date(y, time.Month(mo), d, h, mi, s, 0, time.UTC) }
	tests := []struct {
		name, in, layout string
		want             time.Time
	}{
		{"iso date", "2023-01-07", "", want(2023, 1, 7, 0, 0, 0)},
		{"iso time", "2023-01-07 08:08:00", "", want(2023, 1, 7, 8, 8, 0)},
		{"iso T offset same zone", "2023-01-07T08:08:00+07:00", "", want(2023, 1, 7, 8, 8, 0)},
		{"iso hour offset", "2023-01-07 01:08:00+00", "", want(2023, 1, 7, 8, 8, 0)},
		{"iso utc", "2023-01-07T01:08:00Z", "", want(2023, 1, 7, 8, 8, 0)},
		{"iso WITA", "2023-01-07 09:08 WITA", "", want(2023, 1, 7, 8, 8, 0)},
		{"iso fraction", "2023-01-07T08:08:00.5", "", time.Date(2023, 1, 7, 8, 8, 0, 5e8, time.UTC)},
		{"day first", "07/01/2023", "", want(2023, 1, 7, 0, 0, 0)},
		{"day first time", "07/01/2023 08:08", "", want(2023, 1, 7, 8, 8, 0)},
		{"day first dashes", "7-1-2023", "", want(2023, 1, 7, 0, 0, 0)},
		{"indonesian month", "07 Januari 2023", "", want(2023, 1, 7, 0, 0, 0)},
		{"weekday and time", "Senin, 2 Januari 2023 pukul 10.30 WIB", "", want(2023, 1, 2, 10, 30, 0)},
		{"abbreviated", "7 Agt 2023", "", want(2023, 8, 7, 0, 0, 0)},
		{"excel serial", "44933", "", want(2023, 1, 7, 0, 0, 0)},
		{"excel serial with time", "44933.3375", "", want(2023, 1, 7, 8, 6, 0)},
		{"layout first", "20230107", "20060102", want(2023, 1, 7, 0, 0, 0)},
		{"leap day", "29/02/2024", "", want(2024, 2, 29, 0, 0, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseTime(tt.in, tt.layout, jakarta)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(tt.want) {
				t.Errorf("ParseTime(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseTimeRejects(t *testing.T) {
	jakarta, _ := time.LoadLocation("Asia/Jakarta")
	for _, in := range []string{"31/02/2023", "29/02/2023", "2023-13-01", "2023-01-07 24:00", "07 Foo 2023", "", "kemarin", "0", "60", "2023-01-07+15:00", "07/01/23"} {
		_, err := ParseTime(in, "", jakarta)
		if err == nil {
			t.Errorf("ParseTime(%q) accepted", in)
			continue
		}
		if !strings.Contains(err.Error(), "is not a valid date") {
			t.Errorf("ParseTime(%q) error %q does not say why", in, err)
		}
	}
}

func TestParseInt(t *testing.T) {
	tests := []struct {
		in    string
		comma bool
		want  int64
		ok    bool
	}{
		{"1234", false, 1234, true},
		{"1,234", false, 1234, true},
		{"1.234", true, 1234, true},
		{"1.234,0", true, 1234, true},
		{"-5", false, -5, true},
		{" 12 ", false, 12, true},
		{"12.0", false, 12, true},
		{"1.5", false, 0, false},
		{"1,5", true, 0, false},
		{"12,34", false, 0, false},
		{"abc", false, 0, false},
		{"", false, 0, false},
	}
	for _, tt := range tests {
		got, err := ParseInt(tt.in, tt.comma)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseInt(%q, %v) = %d, %v; want %d, ok=%v", tt.in, tt.comma, got, err, tt.want, tt.ok)
		}
	}
}

func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2023-01-07", "07/01/2023 08:08", "07 Januari 2023", "44933.5", "2023-01-07T08:08:00+07:00", "Senin, 2 Januari 2023"} {
		f.Add(s)
	}
	jakarta, _ := time.LoadLocation("Asia/Jakarta")
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseTime(s, "", jakarta)
		if err != nil {
			if !strings.Contains(err.Error(), "is not a valid date") {
				t.Fatalf("error without reason: %v", err)
			}
			return
		}
		if got.Year() < 1899 || got.Year() > 10000 {
			t.Fatalf("ParseTime(%q) = %v out of range", s, got)
		}
	})
}

func FuzzParseInt(f *testing.F) {
	for _, s := range []string{"1.234", "1,234", "-5", "12,0"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, comma bool) {
		if _, err := ParseInt(s, comma); err != nil && !strings.Contains(err.Error(), "number") {
			t.Fatalf("error without reason: %v", err)
		}
	})
}
