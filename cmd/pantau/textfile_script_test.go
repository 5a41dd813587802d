package main

import (
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// scriptDated rewrites files in place, replacing {today}, {today+N} and
// {today-N} with dates (YYYY-MM-DD) of the day the script runs in Kab.
// Bekasi (WIB): what a load's clock makes of a row depends on it.
func scriptDated(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) == 0 {
		ts.Fatalf("usage: dated FILE...")
	}
	wib := time.FixedZone("WIB", 7*3600)
	today := time.Now().In(wib)
	day := regexp.MustCompile(`\{today([+-][0-9]+)?\}`)
	for _, f := range args {
		b, err := os.ReadFile(ts.MkAbs(f))
		ts.Check(err)
		out := day.ReplaceAllStringFunc(string(b), func(m string) string {
			n := 0
			if sub := day.FindStringSubmatch(m)[1]; sub != "" {
				n, _ = strconv.Atoi(sub)
			}
			return today.AddDate(0, 0, n).Format(time.DateOnly)
		})
		ts.Check(os.WriteFile(ts.MkAbs(f), []byte(out), 0o644))
	}
}

// scriptEOL rewrites a file's line endings: the i-th letter of ENDINGS
// ends its i-th line, r for CRLF, n for LF, c for a lone CR; the last
// letter ends the lines after.
func scriptEOL(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 || strings.Trim(args[1], "rnc") != "" || args[1] == "" {
		ts.Fatalf("usage: eol FILE ENDINGS (letters r, n, c)")
	}
	b, err := os.ReadFile(ts.MkAbs(args[0]))
	ts.Check(err)
	lines := strings.SplitAfter(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n")
	endings := map[byte]string{'r': "\r\n", 'n': "\n", 'c': "\r"}
	var out strings.Builder
	for i, l := range lines {
		if !strings.HasSuffix(l, "\n") {
			out.WriteString(l)
			continue
		}
		fmt.Fprint(&out, strings.TrimSuffix(l, "\n"), endings[args[1][min(i, len(args[1])-1)]])
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(out.String()), 0o644))
}
