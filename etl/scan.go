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
// (for idempotent loads), whether it is valid UTF-8, and whether a quoted
// CSV field spans lines (then record numbers and line numbers differ).
type fileFacts struct {
	hash           string
	size           int64
	validUTF8      bool
	quotedNewlines bool
	// lines counts the lines, the last one even without a final newline.
	lines int64
}

func scanFile(path string) (fileFacts, error) {
	f, err := os.Open(path)
	if err != nil {
		return fileFacts{}, err
	}
	defer f.Close()
	h := sha256.New()
	facts := fileFacts{validUTF8: true}
	buf := make([]byte, 1<<20)
	var carry []byte // an incomplete UTF-8 sequence at a buffer's end
	inQuote := false
	var last byte
	for {
		n, err := f.Read(buf)
		if n > 0 {
			chunk := buf[:n]
			h.Write(chunk)
			facts.size += int64(n)
			facts.lines += int64(bytes.Count(chunk, []byte{'\n'}))
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
	if facts.size > 0 && last != '\n' {
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
// reports a newline met inside quotes.
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
		i := bytes.IndexAny(chunk, "\"\n")
		if i < 0 {
			return true, false
		}
		if chunk[i] == '\n' {
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
		p.facts, p.err = scanFile(path)
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
	return facts, nil
}
