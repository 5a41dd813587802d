package etl

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBadInputGetsABoundedPlainMessage: whatever a file holds, the message
// about it is short, positioned and plain.
func TestBadInputGetsABoundedPlainMessage(t *testing.T) {
	var pngFile, gzipFile bytes.Buffer
	if err := png.Encode(&pngFile, image.NewGray(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(&gzipFile)
	zw.Write([]byte("event_id,application_id\ne1,a1\n"))
	zw.Close()
	long := strings.Repeat("x", 10<<20) // a 10 MB header line
	for _, tc := range []struct {
		name, file string
		content    []byte
		want       string // the whole message, after the file name
		is         error
		line       int64
	}{
		{"png as csv", "photo.csv", pngFile.Bytes(), ": not a text file: binary content at byte 6", ErrNotText, 0},
		{"gzip as csv", "events.csv", gzipFile.Bytes(), ": not a text file: binary content at byte 0", ErrNotText, 0},
		{"gzip as ndjson", "events.ndjson", gzipFile.Bytes(), ": not a text file: binary content at byte 0", ErrNotText, 0},
		{"utf-16", "events.csv", []byte("\xff\xfee\x00v\x00"), ": not a text file: UTF-16 text is not supported (save it as UTF-8)", ErrNotText, 0},
		{"10 MB header", "wide.csv", []byte(long + "\n1\n"),
			":1: cannot tell which source this file holds from its header (" + strings.Repeat("x", 80) + "…); use --kind", ErrUnknownKind, 1},
		{"10 MB header cells", "wide.csv", []byte("event_id,application_id," + long + "\ne1,a1,x\n"),
			":1: missing required column event_time, service, stage, office_code for service_events (the header has: event_id, application_id, " +
				strings.Repeat("x", 80-len("event_id, application_id, ")) + "…)", ErrMissingColumn, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, l := newTestLoader(t)
			path := filepath.Join(t.TempDir(), tc.file)
			if err := os.WriteFile(path, tc.content, 0o644); err != nil {
				t.Fatal(err)
			}
			r := l.LoadFile(context.Background(), path, Options{Kind: kindFor(tc.name)})
			if r.Status != StatusFailed {
				t.Fatalf("status %s, want failed", r.Status)
			}
			if got := strings.TrimPrefix(r.Err.Error(), path); got != tc.want {
				t.Errorf("message\n got %.300q\nwant %.300q", got, tc.want)
			}
			var fe *FileError
			if !errors.As(r.Err, &fe) || fe.File != path || fe.Line != tc.line || !errors.Is(r.Err, tc.is) {
				t.Errorf("err %T %v is not a FileError at line %d wrapping %v", r.Err, r.Err, tc.line, tc.is)
			}
		})
	}
}

func kindFor(name string) Kind {
	if strings.HasPrefix(name, "10 MB header cells") {
		return ServiceEvents
	}
	return ""
}

// TestLongValuesAreCutInReasons: a value quoted in a reject is cut to 80
// characters, in the reason and in the rejects table.
func TestLongValuesAreCutInReasons(t *testing.T) {
	w, l := newTestLoader(t)
	long := strings.Repeat("9", 5000)
	path := writeFile(t, t.TempDir(), "d.csv", "delivery_id,office_code,received_at,quantity_received,source\n"+
		"d1,DINAS,2023-01-02,5,kemendagri\nd2,DINAS,"+long+",5,kemendagri\n")
	r := l.LoadFile(context.Background(), path, Options{MaxRejectRate: 1})
	if r.Err != nil || len(r.Rejects) != 1 {
		t.Fatalf("%v %v", r.Err, r.Rejects)
	}
	want := path + `:3:received_at: "` + strings.Repeat("9", 80) + `…" is not a valid date`
	if got := r.Rejects[0].Error(); got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	var n int
	if err := w.DB.QueryRow(`SELECT max(length(value)) FROM rejects`).Scan(&n); err != nil || n != 81 {
		t.Errorf("stored value of %d characters (%v), want 81", n, err)
	}
}

// TestUnknownKindIsAnError: rows of a kind pantau does not know are not
// dropped in silence.
func TestUnknownKindIsAnError(t *testing.T) {
	_, l := newTestLoader(t)
	path := writeFile(t, t.TempDir(), "x.csv", "event_id,application_id\ne1,a1\n")
	r := l.LoadFile(context.Background(), path, Options{Kind: "parcel_deliveries"})
	if r.Status != StatusFailed || !errors.Is(r.Err, ErrUnknownKind) {
		t.Fatalf("status %s, err %v; want failed with ErrUnknownKind", r.Status, r.Err)
	}
}

// TestFormatRegistry: every format has a stage function and a way to be
// recognised, and detection finds each by its name.
func TestFormatRegistry(t *testing.T) {
	for _, f := range formats() {
		if f.stage == nil || len(f.extensions) == 0 {
			t.Errorf("%s: no stage function or no extension", f.format)
		}
		for _, ext := range f.extensions {
			if !isDataFile("x" + ext) {
				t.Errorf("%s: a folder load skips *%s", f.format, ext)
			}
		}
		if len(f.magic) > 0 {
			path := writeFile(t, t.TempDir(), "noname", string(f.magic[0])+"rest")
			if got, err := detectFormat(path); err != nil || got.format != f.format {
				t.Errorf("%s: its magic bytes detect %s (%v)", f.format, got.format, err)
			}
		}
	}
}
