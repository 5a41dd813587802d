package privacy

import (
	"crypto/hmac"
	"crypto/sha256"
	"hash"
	"sync"
)

// Pseudonyms replaces the personal numbers in identifiers (an application
// id that is the applicant's NIK, a complaint id that is a WhatsApp number,
// a staff id) by keyed pseudonyms: "NIK-" or "HP-" and 16 letters of the
// HMAC-SHA256 of the digits. Unlike a mask, a pseudonym keeps different ids
// different and the same id the same, so keys, re-sends and joins still
// work; without the key it cannot be turned back into the number. It has no
// digits, so a second pass leaves it alone. Safe for concurrent use.
type Pseudonyms struct {
	pool sync.Pool
}

// NewPseudonyms returns the pseudonyms of key (the NIK hash's key).
func NewPseudonyms(key []byte) *Pseudonyms {
	p := &Pseudonyms{}
	p.pool.New = func() any { return hmac.New(sha256.New, key) }
	return p
}

// Replace replaces every personal number in text by its pseudonym; text
// itself when there is none.
func (p *Pseudonyms) Replace(text string) string {
	return Replace(text, p.of)
}

func (p *Pseudonyms) of(m Match) string {
	mac := p.pool.Get().(hash.Hash)
	defer p.pool.Put(mac)
	mac.Reset()
	prefix := "HP-"
	if m.Kind == NIK {
		prefix = "NIK-"
	}
	mac.Write([]byte(prefix + m.Digits))
	var sum [sha256.Size]byte
	b := append([]byte(prefix), make([]byte, 16)...)
	for i, c := range mac.Sum(sum[:0])[:8] {
		b[len(prefix)+2*i] = 'a' + c>>4
		b[len(prefix)+2*i+1] = 'a' + c&0xf
	}
	return string(b)
}
