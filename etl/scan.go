package etl

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"unicode/utf8"
)

// fileFacts are what one pass over a file's bytes tells: its content hash
// (for idempotent loads), whether it is valid UTF-8, whether a quoted CSV
// field spans lines (then record numbers and line numbers differ), and
// whether its line endings change (see mixedEOL).
type fileFacts struct {
	hash           string
	size           int64
	validUTF8      bool
	quotedNewlines bool
	// mixedEOL: the file ends some lines with CRLF and others with LF, or
	// some with a lone CR (two exports joined, an old Mac one). DuckDB's
	// reader takes one line ending per file, so such a file is read from a
	// copy with every line ending made LF.
	mixedEOL bool
	// lines counts the lines, the last one even without a final newline;
	// a lone CR ends a line too.
	lines int64
}

// eolCounts counts a file's line endings as its chunks go by.
type eolCounts struct {
	lf, cr, crlf int64
	lastCR       bool // the previous chunk ended with CR
}

func (e *eolCounts) add(chunk []byte) {
	e.lf += int64(bytes.Count(chunk, []byte{'\n'}))
	cr := int64(bytes.Count(chunk, []byte{'\r'}))
	if cr > 0 || e.lastCR {
		e.cr += cr
		e.crlf += int64(bytes.Count(chunk, []byte("\r\n")))
		if e.lastCR && chunk[0] == '\n' {
			e.crlf++
		}
		e.lastCR = chunk[len(chunk)-1] == '\r'
	}
}

// mixed tells lone CRs, or CRLF and LF endings in one file.
func (e eolCounts) mixed() bool { return e.cr > e.crlf || e.crlf > 0 && e.crlf < e.lf }

// lines counts the lines ended by LF, CRLF or a lone CR.
func (e eolCounts) lines() int64 { return e.lf + e.cr - e.crlf }

// scanFile reads a file of about size bytes once (see fileFacts).
func scanFile(path string, size int64) (fileFacts, error) {
	f, err := os.Open(path)
	if err != nil {
		return fileFacts{}, err
	}
	defer f.Close()
	h := sha256.New()
	facts := fileFacts{validUTF8: true}
	// A small file's buffer is its size (a buffer of 1 MB for each of
	// thousands of small files keeps the garbage collector busy).
	buf := make([]byte, min(1<<20, max(size+1, 4<<10)))
	var carry []byte // an incomplete UTF-8 sequence at a buffer's end
	inQuote := false
	var last byte
	var eol eolCounts
	for {
		n, err := f.Read(buf)
		if n > 0 {
			chunk := buf[:n]
			h.Write(chunk)
			facts.size += int64(n)
			eol.add(chunk)
			last = chunk[n-1]
			if facts.validUTF8 {
				facts.validUTF8, carry = checkUTF8(carry, chunk)
			}
			if !facts.quotedNewlines {
				inQuote, facts.quotedNewlines = scanQuotes(chunk, inQuote)
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return fileFacts{}, err
		}
	}
	if len(carry) > 0 {
		facts.validUTF8 = false
	}
	facts.mixedEOL, facts.lines = eol.mixed(), eol.lines()
	if facts.size > 0 && last != '\n' && last != '\r' {
		facts.lines++
	}
	facts.hash = hex.EncodeToString(h.Sum(nil))
	return facts, nil
}

// checkUTF8 validates chunk, prefixed by the carried bytes of a sequence cut
// at the previous chunk's end, and returns the new carry.
func checkUTF8(carry, chunk []byte) (bool, []byte) {
	if len(carry) > 0 {
		chunk = append(carry, chunk...)
	}
	// Hold back up to 3 trailing bytes that may start an incomplete rune.
	cut := len(chunk)
	for i := len(chunk) - 1; i >= 0 && i >= len(chunk)-3; i-- {
		if utf8.RuneStart(chunk[i]) {
			if !utf8.FullRune(chunk[i:]) {
				cut = i
			}
			break
		}
	}
	if !utf8.Valid(chunk[:cut]) {
		return false, nil
	}
	return true, append([]byte(nil), chunk[cut:]...)
}

// scanQuotes follows CSV quoting ("" inside a quoted field toggles twice) and
// reports a newline (LF or CR) met inside quotes.
func scanQuotes(chunk []byte, inQuote bool) (bool, bool) {
	for len(chunk) > 0 {
		if !inQuote {
			i := bytes.IndexByte(chunk, '"')
			if i < 0 {
				return false, false
			}
			inQuote = true
			chunk = chunk[i+1:]
			continue
		}
		i := bytes.IndexAny(chunk, "\"\n\r")
		if i < 0 {
			return true, false
		}
		if chunk[i] != '"' {
			return true, true
		}
		inQuote = false
		chunk = chunk[i+1:]
	}
	return inQuote, false
}

// smallFileSize is the size below which a file is small: hashed before it
// loads (it costs less than asking whether a file of its size was loaded)
// and loaded without the settings that pay off only for many rows (see
// insertGood).
const smallFileSize = 1 << 20

// pendingScan is a scanFile running in the background while the file loads.
type pendingScan struct {
	done chan struct{}
	size int64 // the file's size when the scan started
	// checked: the hash was looked up in load_runs before the load began.
	checked bool
	facts   fileFacts
	err     error
}

func startScan(path string, size int64) *pendingScan {
	p := &pendingScan{done: make(chan struct{}), size: size}
	go func() {
		defer close(p.done)
		p.facts, p.err = scanFile(path, size)
	}()
	return p
}

// checkedScan is the finished scan of a file whose hash was looked up.
func checkedScan(f fileFacts) *pendingScan {
	p := &pendingScan{done: make(chan struct{}), size: f.size, facts: f, checked: true}
	close(p.done)
	return p
}

// ready tells whether the scan is done.
func (p *pendingScan) ready() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// wait returns the scan's result once it is there.
func (p *pendingScan) wait() (fileFacts, error) {
	<-p.done
	return p.facts, p.err
}

// sampleFacts guesses a file's facts from its first megabyte, for the
// optimistic load that runs while the whole file is being scanned. Its line
// count is unknown (-1).
func sampleFacts(path string) (fileFacts, error) {
	f, err := os.Open(path)
	if err != nil {
		return fileFacts{}, err
	}
	defer f.Close()
	buf := make([]byte, 1<<20)
	n, err := io.ReadFull(f, buf)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return fileFacts{}, err
	}
	facts := fileFacts{lines: -1}
	facts.validUTF8, _ = checkUTF8(nil, buf[:n])
	_, facts.quotedNewlines = scanQuotes(buf[:n], false)
	sample := buf[:n]
	if n == len(buf) {
		sample = bytes.TrimSuffix(sample, []byte{'\r'}) // its LF may follow
	}
	if len(sample) > 0 {
		var eol eolCounts
		eol.add(sample)
		facts.mixedEOL = eol.mixed()
	}
	return facts, nil
}
