package etl

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// monthNames maps Indonesian and English month names and abbreviations.
var monthNames = map[string]time.Month{
	"januari": 1, "jan": 1, "january": 1,
	"februari": 2, "feb": 2, "pebruari": 2, "peb": 2, "february": 2,
	"maret": 3, "mar": 3, "march": 3,
	"april": 4, "apr": 4,
	"mei": 5, "may": 5,
	"juni": 6, "jun": 6, "june": 6,
	"juli": 7, "jul": 7, "july": 7,
	"agustus": 8, "agu": 8, "agt": 8, "agus": 8, "aug": 8, "august": 8,
	"september": 9, "sep": 9, "sept": 9,
	"oktober": 10, "okt": 10, "oct": 10, "october": 10,
	"november": 11, "nov": 11, "nop": 11, "nopember": 11,
	"desember": 12, "des": 12, "dec": 12, "december": 12,
}

// zoneOffsets are the Indonesian zone abbreviations written after a time.
var zoneOffsets = map[string]int{"WIB": 7 * 3600, "WITA": 8 * 3600, "WIT": 9 * 3600}

var (
	reISO = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?|WIB|WITA|WIT)?$`)
	reDMY = regexp.MustCompile(`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T,]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?)?\s*(WIB|WITA|WIT)?$`)
	reTxt = regexp.MustCompile(`^(\d{1,2})[ -]([A-Za-z]+)\.?[ -](\d{4})(?:[ ,]+(?:pukul |jam )?(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?)?\s*(WIB|WITA|WIT)?$`)
	reDay = regexp.MustCompile(`^(?i:senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad|monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+`)
	reNum = regexp.MustCompile(`^\d{1,7}(?:[.,]\d+)?$`)
)

// excelEpoch is day 0 of Excel's 1900 date system (with its 1900 leap-year bug).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// ParseTime reads a date or timestamp in any form the data contract allows:
// ISO 8601 with or without an offset, day-first numeric dates (07/01/2023),
// Indonesian or English month names (07 Januari 2023), an optional weekday,
// WIB/WITA/WIT suffixes and Excel serial numbers. layout, when not empty, is
// a Go time layout tried first. Times without an offset are in loc. The
// result is the local wall time in loc, returned in UTC so that its clock
// fields are stored as they are.
func ParseTime(s, layout string, loc *time.Location) (time.Time, error) {
	v := strings.TrimSpace(s)
	if layout != "" {
		if t, err := time.ParseInLocation(layout, v, loc); err == nil {
			return wall(t, loc), nil
		}
	}
	v = reDay.ReplaceAllString(v, "")
	if reNum.MatchString(v) {
		return parseExcelSerial(s, v)
	}
	if m := reISO.FindStringSubmatch(v); m != nil {
		return build(s, m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8], loc)
	}
	if m := reDMY.FindStringSubmatch(v); m != nil {
		return build(s, m[3], m[2], m[1], m[4], m[5], m[6], "", m[7], loc)
	}
	if m := reTxt.FindStringSubmatch(v); m != nil {
		month, ok := monthNames[strings.ToLower(m[2])]
		if !ok {
			return time.Time{}, invalidDate(s)
		}
		return build(s, m[3], strconv.Itoa(int(month)), m[1], m[4], m[5], m[6], "", m[7], loc)
	}
	return time.Time{}, invalidDate(s)
}

func invalidDate(s string) error { return fmt.Errorf("%q is not a valid date", s) }

func parseExcelSerial(orig, v string) (time.Time, error) {
	f, err := strconv.ParseFloat(strings.Replace(v, ",", ".", 1), 64)
	// Serial 60 is Excel's phantom 29 February 1900; 2958465 is 9999-12-31.
	if err != nil || f < 1 || f > 2958465 || f == 60 {
		return time.Time{}, invalidDate(orig)
	}
	days := math.Floor(f)
	secs := math.Round((f - days) * 86400)
	return excelEpoch.AddDate(0, 0, int(days)).Add(time.Duration(secs) * time.Second), nil
}

// build assembles and range-checks the parts; time.Date would silently turn
// 31 February into 3 March.
func build(orig, ys, mos, ds, hs, mis, ss, frac, zone string, loc *time.Location) (time.Time, error) {
	num := func(s string) int {
		n, _ := strconv.Atoi(s)
		return n
	}
	y, mo, d, h, mi, sec := num(ys), num(mos), num(ds), num(hs), num(mis), num(ss)
	if y < 1900 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > daysIn(time.Month(mo), y) || h > 23 || mi > 59 || sec > 59 {
		return time.Time{}, invalidDate(orig)
	}
	nsec := 0
	if frac != "" {
		nsec = num((frac + "000000000")[:9])
	}
	zoneLoc := loc
	switch {
	case zone == "":
	case zone == "Z":
		zoneLoc = time.UTC
	case zoneOffsets[zone] != 0:
		zoneLoc = time.FixedZone(zone, zoneOffsets[zone])
	default:
		z := strings.Replace(zone, ":", "", 1) + "00"
		hh, mm := num(z[1:3]), num(z[3:5])
		if hh > 14 || mm > 59 {
			return time.Time{}, invalidDate(orig)
		}
		off := hh*3600 + mm*60
		if z[0] == '-' {
			off = -off
		}
		zoneLoc = time.FixedZone("", off)
	}
	return wall(time.Date(y, time.Month(mo), d, h, mi, sec, nsec, zoneLoc), loc), nil
}

func daysIn(m time.Month, year int) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// wall converts t to loc and returns its clock reading as a UTC time.
func wall(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	return time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), l.Nanosecond(), time.UTC)
}

// ParseInt reads a whole number written with thousands separators and an
// optional zero fraction: "1.234" and "1.234,0" with decimalComma, "1,234"
// and "1234.0" without.
func ParseInt(s string, decimalComma bool) (int64, error) {
	v := strings.TrimSpace(s)
	v = strings.ReplaceAll(v, " ", "")
	v = strings.ReplaceAll(v, "\u00a0", "")
	thousands, decimal := ",", "."
	if decimalComma {
		thousands, decimal = ".", ","
	}
	if whole, fraction, ok := strings.Cut(v, decimal); ok {
		if strings.Trim(fraction, "0") != "" || strings.Contains(fraction, thousands) {
			return 0, fmt.Errorf("%q is not a whole number", s)
		}
		v = whole
	}
	if strings.Contains(v, thousands) {
		groups := strings.Split(strings.TrimPrefix(v, "-"), thousands)
		for i, g := range groups {
			if (i == 0 && (len(g) == 0 || len(g) > 3)) || (i > 0 && len(g) != 3) {
				return 0, fmt.Errorf("%q is not a number", s)
			}
		}
		v = strings.ReplaceAll(v, thousands, "")
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	return n, nil
}
