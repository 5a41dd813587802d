package etl

import (
	"sort"
	"strings"
)

// Classifier assigns a complaint category from its text with a keyword
// dictionary (Bahasa Indonesia). The first category, in a fixed priority
// order, with a keyword found in the text wins; pungli comes first because a
// report of an illegal levy matters most whatever else it mentions.
type Classifier struct {
	order    []string
	keywords map[string][]string
}

// defaultKeywords is the built-in dictionary; pantau.yaml may add words.
var defaultKeywords = map[string][]string{
	"pungli":         {"pungli", "pungutan liar", "dimintai uang", "diminta uang", "minta uang", "uang pelicin", "bayar ke oknum", "calo", "uang rokok", "biaya tambahan", "oknum"},
	"blanko":         {"blanko", "blangko", "belum dicetak", "belum jadi", "tidak dicetak", "kartu habis", "ktp belum", "menunggu cetak", "stok habis", "suket"},
	"online_service": {"sitepak", "online", "daring", "aplikasi", "website", "situs", "login", "server", "error", "otp"},
	"etiquette":      {"tidak ramah", "kasar", "judes", "jutek", "membentak", "tidak sopan", "sikap petugas", "cuek", "marah-marah"},
	"waiting_time":   {"antre", "antri", "antrean", "antrian", "menunggu lama", "lama sekali", "berjam-jam", "nomor antrian"},
	"data_error":     {"salah data", "data salah", "salah nama", "salah ketik", "typo", "tanggal lahir salah", "nik ganda", "data tidak sesuai"},
}

var categoryOrder = []string{"pungli", "blanko", "etiquette", "online_service", "waiting_time", "data_error"}

// NewClassifier builds the dictionary from the built-in words plus extra
// words per category (lower case).
func NewClassifier(extra map[string][]string) *Classifier {
	c := &Classifier{order: append([]string(nil), categoryOrder...), keywords: map[string][]string{}}
	for cat, words := range defaultKeywords {
		c.keywords[cat] = append([]string(nil), words...)
	}
	var added []string
	for cat, words := range extra {
		if _, known := c.keywords[cat]; !known {
			added = append(added, cat)
		}
		for _, w := range words {
			c.keywords[cat] = append(c.keywords[cat], strings.ToLower(w))
		}
	}
	sort.Strings(added)
	c.order = append(c.order, added...)
	return c
}

// Classify returns the category of a complaint text, "other" when no keyword matches.
func (c *Classifier) Classify(text string) string {
	t := strings.ToLower(text)
	for _, cat := range c.order {
		for _, w := range c.keywords[cat] {
			if strings.Contains(t, w) {
				return cat
			}
		}
	}
	return "other"
}
