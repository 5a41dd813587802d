package etl

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/transform"
)

// TestLineFeeds: CRLF and a lone CR become LF, whichever way the text is
// cut into chunks (a CR at a chunk's end waits for the next byte).
func TestLineFeeds(t *testing.T) {
	for in, want := range map[string]string{
		"a\r\nb\nc\rd\r\n":     "a\nb\nc\nd\n",
		"a\r":                  "a\n",
		"\r\r\n\n\r":           "\n\n\n\n",
		"no endings":           "no endings",
		`"x` + "\r\n" + `y",z`: `"x` + "\n" + `y",z`,
	} {
		r := transform.NewReader(iotest.OneByteReader(strings.NewReader(in)), lineFeeds{})
		got, err := io.ReadAll(r)
		if err != nil || string(got) != want {
			t.Errorf("%q: got %q, %v; want %q", in, got, err, want)
		}
		if got, _, err := transform.String(lineFeeds{}, in); err != nil || got != want {
			t.Errorf("%q in one chunk: got %q, %v; want %q", in, got, err, want)
		}
	}
}

// TestMixedLineEndings loads CSV files whose line endings change part-way
// (two exports joined, in either order, or an old Mac export with lone
// CRs): every row loads and the rejects name the right lines. The last
// case is larger than the optimistic pass's sample, with the change after
// it, and a quoted field spanning lines after the change.
func TestMixedLineEndings(t *testing.T) {
	const header = "event_id,application_id,event_time,service,stage,office_code,staff_id"
	row := func(i int) string {
		return fmt.Sprintf("e%d,a%d,2023-01-02 08:00:00,ktp_el,recorded,DINAS,s1", i, i)
	}
	bad := "eX,aX,31/02/2023,ktp_el,recorded,DINAS,s1"
	// file joins the lines, each ended by the ending of its index in ends
	// (the last one for the rest).
	file := func(lines []string, ends ...string) string {
		var b strings.Builder
		for i, l := range lines {
			b.WriteString(l + ends[min(i, len(ends)-1)])
		}
		return b.String()
	}
	var big []string
	big = append(big, header)
	for i := 0; i < 30000; i++ {
		big = append(big, row(i))
	}
	crlfUntil := len(big)
	big = append(big, `eQ,aQ,2023-01-02 08:00:00,ktp_el,recorded,DINAS,"s`+"\r\n"+`2"`, bad, row(99999))
	bigEnds := make([]string, len(big))
	for i := range bigEnds {
		bigEnds[i] = "\r\n"
		if i >= crlfUntil {
			bigEnds[i] = "\n"
		}
	}
	var bigContent strings.Builder
	for i, l := range big {
		bigContent.WriteString(l + bigEnds[i])
	}
	for _, tc := range []struct {
		name    string
		content string
		badLine int64
		rows    int64
	}{
		{"CRLF then LF", file([]string{header, row(1), row(2), bad, row(3)}, "\r\n", "\r\n", "\n"), 4, 4},
		{"LF then CRLF", file([]string{header, row(1), row(2), bad, row(3)}, "\n", "\n", "\r\n"), 4, 4},
		{"lone CRs", file([]string{header, row(1), bad, row(2)}, "\r"), 3, 3},
		{"a lone CR among LFs", file([]string{header, row(1), bad, row(2)}, "\n", "\r", "\n"), 3, 3},
		{"the change after the sample", bigContent.String(), int64(crlfUntil + 3), int64(len(big) - 1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, l := newTestLoader(t)
			path := writeFile(t, t.TempDir(), "e.csv", tc.content)
			r := l.LoadFile(context.Background(), path, Options{MaxRejectRate: 1})
			if r.Err != nil {
				t.Fatal(r.Err)
			}
			want := []string{fmt.Sprintf(`%s:%d:event_time: "31/02/2023" is not a valid date`, path, tc.badLine)}
			if diff := cmp.Diff(want, rejectStrings(r.Rejects)); diff != "" {
				t.Errorf("rejects (-want +got):\n%s", diff)
			}
			if r.Read != tc.rows || r.Inserted != tc.rows-1 {
				t.Errorf("read %d, inserted %d; want %d and %d", r.Read, r.Inserted, tc.rows, tc.rows-1)
			}
			var crs int
			if err := w.DB.QueryRow(`SELECT count(*) FROM service_events WHERE contains(staff_id, chr(13))`).Scan(&crs); err != nil || crs != 0 {
				t.Errorf("%d staff ids keep a CR (%v)", crs, err)
			}
		})
	}
}
