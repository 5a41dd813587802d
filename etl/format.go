package etl

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Format is an input file format.
type Format string

// The input formats.
const (
	FormatCSV     Format = "csv"
	FormatNDJSON  Format = "ndjson"
	FormatParquet Format = "parquet"
	FormatXLSX    Format = "xlsx"
	FormatArrow   Format = "arrow"
)

// formatSpec is one input format: how a file of it is recognised and how
// it is staged (read into a relation of text columns, see staged).
type formatSpec struct {
	format Format
	// magic are leading bytes that identify the format whatever the name.
	magic [][]byte
	// extensions identify it by name (lower case, with the dot); a folder
	// load picks up the files with these.
	extensions []string
	// text formats refuse binary content with ErrNotText.
	text bool
	// sniff, when set, recognises the format from the first bytes of a
	// file whose name says nothing.
	sniff func(head []byte) bool
	stage func(ctx context.Context, in stageInput) (staged, error)
}

// formats is the table of input formats, in the order detection tries
// them; a file that matches none is read as CSV.
func formats() []formatSpec {
	return []formatSpec{
		{format: FormatParquet, magic: [][]byte{[]byte("PAR1")}, extensions: []string{".parquet"}, stage: stageParquet},
		{format: FormatArrow, magic: [][]byte{[]byte("ARROW1"), {0xff, 0xff, 0xff, 0xff}},
			extensions: []string{".arrow", ".feather", ".ipc"}, stage: stageArrow},
		{format: FormatXLSX, magic: [][]byte{[]byte("PK\x03\x04")}, extensions: []string{".xlsx"}, stage: stageXLSX},
		{format: FormatNDJSON, extensions: []string{".ndjson", ".jsonl", ".json"}, text: true, stage: stageNDJSON,
			sniff: func(head []byte) bool {
				trimmed := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\ufeff")), " \t\r\n")
				return len(trimmed) > 0 && trimmed[0] == '{'
			}},
		{format: FormatCSV, extensions: []string{".csv", ".txt", ".tsv"}, text: true, stage: stageCSV},
	}
}

// Formats lists the input formats, for the conformance test and the docs.
func Formats() []Format {
	var out []Format
	for _, f := range formats() {
		out = append(out, f.format)
	}
	return out
}

// isDataFile tells whether a folder load picks up a file of this name.
func isDataFile(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	for _, f := range formats() {
		if slices.Contains(f.extensions, ext) {
			return true
		}
	}
	return false
}

// headSize is how much of a file detection looks at.
const headSize = 64 << 10

// detectFormat tells a file's format from its first bytes, then its name,
// then its content; a text format's head must hold no binary content.
func detectFormat(path string) (formatSpec, error) {
	head, err := readHead(path, headSize)
	if err != nil {
		return formatSpec{}, err
	}
	all := formats()
	f, ok := pickFormat(all, func(f formatSpec) bool {
		return slices.ContainsFunc(f.magic, func(m []byte) bool { return bytes.HasPrefix(head, m) })
	})
	if !ok {
		ext := strings.ToLower(filepath.Ext(path))
		f, ok = pickFormat(all, func(f formatSpec) bool { return slices.Contains(f.extensions, ext) })
	}
	if !ok {
		f, ok = pickFormat(all, func(f formatSpec) bool { return f.sniff != nil && f.sniff(head) })
	}
	if !ok {
		f = all[len(all)-1]
	}
	if f.text {
		if err := checkText(head); err != nil {
			return f, err
		}
	}
	return f, nil
}

func pickFormat(all []formatSpec, match func(formatSpec) bool) (formatSpec, bool) {
	for _, f := range all {
		if match(f) {
			return f, true
		}
	}
	return formatSpec{}, false
}

func readHead(path string, n int) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	head := make([]byte, n)
	m, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, err
	}
	return head[:m], nil
}

// checkText refuses content that no text file holds: control bytes other
// than tab, line feed, form feed and carriage return (Windows-1252 bytes
// 0x80–0xff are text). UTF-16 is named: it is text, but not one pantau reads.
func checkText(head []byte) error {
	if bytes.HasPrefix(head, []byte{0xff, 0xfe}) || bytes.HasPrefix(head, []byte{0xfe, 0xff}) {
		return fmt.Errorf("%w: UTF-16 text is not supported (save it as UTF-8)", ErrNotText)
	}
	for i, b := range head {
		if b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' || b == 0x7f {
			return fmt.Errorf("%w: binary content at byte %d", ErrNotText, i)
		}
	}
	return nil
}

// detect is the first step of a load: the file's format, and its facts
// from a sample (optimistic) or the whole file.
func (l *Loader) detect(_ context.Context, fl *fileLoad) error {
	f, err := detectFormat(fl.path)
	if err != nil {
		return &FileError{File: fl.display, Err: err}
	}
	fl.format, fl.r.Format = f, f.format
	// The optimistic pass starts from a sample of the file unless the whole
	// scan is done (a small file); the careful pass waits for the scan.
	if fl.optimistic && !fl.scan.ready() {
		fl.facts, err = sampleFacts(fl.path)
	} else {
		fl.facts, err = fl.scan.wait()
	}
	if err != nil {
		return fmt.Errorf("load %s: %w", fl.display, err)
	}
	return nil
}
