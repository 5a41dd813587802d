package etl

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// mapColumns is the step that tells the file's kind (unless forced) and
// which header positions hold each canonical column.
func (l *Loader) mapColumns(_ context.Context, fl *fileLoad) error {
	header := fl.st.header
	kind := fl.opt.Kind
	if kind == "" {
		var err error
		if kind, err = detectKind(header, l.specs, l.renames()); err != nil {
			return &FileError{File: fl.display, Line: 1, Err: err}
		}
	}
	fl.r.Kind = kind
	s, ok := l.specs[kind]
	if !ok {
		return &FileError{File: fl.display, Err: fmt.Errorf("%w: unknown kind %q", ErrUnknownKind, kind)}
	}
	fl.spec, fl.source = s, l.cfg.Sources[string(kind)]
	fl.positions = mapHeader(header, s, fl.source.Columns)
	var missing []string
	for _, c := range s.columns {
		if _, ok := fl.positions[c.name]; c.required && !ok {
			missing = append(missing, c.name)
		}
	}
	if len(missing) > 0 {
		return &FileError{File: fl.display, Line: 1, Err: fmt.Errorf("%w %s for %s (the header has: %s)",
			ErrMissingColumn, strings.Join(missing, ", "), kind, quoteHeader(header))}
	}
	return nil
}

func (l *Loader) renames() map[Kind]map[string]string {
	out := map[Kind]map[string]string{}
	for k, s := range l.cfg.Sources {
		out[Kind(k)] = s.Columns
	}
	return out
}

// normalizeHeader folds a header cell for matching: lower case, trimmed,
// spaces and dashes as underscores, BOM removed.
func normalizeHeader(h string) string {
	h = strings.TrimPrefix(h, "\ufeff")
	h = strings.ToLower(strings.TrimSpace(h))
	return strings.NewReplacer(" ", "_", "-", "_", ".", "").Replace(h)
}

// detectKind picks the source whose marker columns best match the header.
func detectKind(header []string, specs map[Kind]spec, renames map[Kind]map[string]string) (Kind, error) {
	type score struct {
		kind Kind
		n    int
	}
	var scores []score
	for _, k := range Kinds() {
		m := mapHeader(header, specs[k], renames[k])
		n := 0
		for _, mk := range specs[k].markers {
			if _, ok := m[mk]; ok {
				n++
			}
		}
		scores = append(scores, score{k, n})
	}
	sort.SliceStable(scores, func(i, j int) bool { return scores[i].n > scores[j].n })
	if scores[0].n < 2 || scores[0].n == scores[1].n {
		return "", fmt.Errorf("%w from its header (%s); use --kind", ErrUnknownKind, quoteHeader(header))
	}
	return scores[0].kind, nil
}

// mapHeader maps each canonical column to the header positions that hold
// it: a configured rename, else the canonical name and its built-in aliases.
// Several positions mean "the first non-empty of these", so a sheet with
// both kode_kantor and kecamatan columns names an office by either.
func mapHeader(header []string, s spec, renames map[string]string) map[string][]int {
	byName := map[string]int{}
	for i, h := range header {
		n := normalizeHeader(h)
		if _, dup := byName[n]; !dup {
			byName[n] = i
		}
	}
	out := map[string][]int{}
	used := map[int]bool{}
	for from, to := range renames {
		if i, ok := byName[normalizeHeader(from)]; ok {
			out[to] = append(out[to], i)
			used[i] = true
		}
	}
	for _, c := range s.columns {
		if _, ok := out[c.name]; ok {
			continue
		}
		for _, name := range append([]string{c.name}, c.aliases...) {
			if i, ok := byName[name]; ok && !used[i] {
				out[c.name] = append(out[c.name], i)
				used[i] = true
			}
		}
	}
	return out
}
