package checks

import (
	"bufio"
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/disdukcapil-bekasi/pantau/kpi"
)

// Definition is one data-quality check: sql/<id>.sql, whose header
// comment names its id, level, title, what it checks and its messages in
// Bahasa Indonesia and English.
//
// The SQL reads the runner's kpi_* relations for the latest complete week
// and returns one row per result with the columns subject (” for a single
// result; else the result's id is <id>.<subject>), level (NULL: the
// header's), failed, count and msg (the message's key), then any columns
// the messages name as {column}.
type Definition struct {
	ID    string
	Level string // warn or error
	Title kpi.Text
	About kpi.Text
	// Messages by key (pass, fail, ...), with {column} placeholders.
	Messages map[string]kpi.Text
	SQL      string
}

//go:embed sql/*.sql last_run.sql stored_*.sql
var files embed.FS

// Definitions returns every check, ordered by id. It panics only if the
// embedded checks are broken, which the package's tests rule out.
func Definitions() []Definition {
	defs, err := loadCheckDefinitions()
	if err != nil {
		panic(err)
	}
	return defs
}

func loadCheckDefinitions() ([]Definition, error) {
	paths, err := fs.Glob(files, "sql/*.sql")
	if err != nil {
		return nil, err
	}
	var defs []Definition
	for _, p := range paths {
		b, err := files.ReadFile(p)
		if err != nil {
			return nil, err
		}
		d, err := parseCheck(p, string(b))
		if err != nil {
			return nil, err
		}
		defs = append(defs, d)
	}
	slices.SortFunc(defs, func(a, b Definition) int { return strings.Compare(a.ID, b.ID) })
	return defs, nil
}

// parseCheck reads a check's header: lines "-- key: value" before the SQL.
// Keys: id, level, title.id|en, about.id|en, msg.<key>.id|en.
func parseCheck(name, text string) (Definition, error) {
	d := Definition{SQL: text, Messages: map[string]kpi.Text{}}
	sc := bufio.NewScanner(strings.NewReader(text))
	line := 0
	for sc.Scan() {
		line++
		if !strings.HasPrefix(sc.Text(), "--") {
			break // the header ends where the SQL begins
		}
		key, value, ok := strings.Cut(strings.TrimPrefix(sc.Text(), "-- "), ": ")
		if !strings.HasPrefix(sc.Text(), "-- ") || !ok || strings.Contains(key, " ") {
			continue
		}
		if err := d.set(key, strings.TrimSpace(value)); err != nil {
			return d, fmt.Errorf("%s:%d: %w", name, line, err)
		}
	}
	want := strings.TrimSuffix(path.Base(name), ".sql")
	switch {
	case d.ID != want:
		return d, fmt.Errorf("%s: id %q differs from the file name", name, d.ID)
	case d.Level != LevelWarn && d.Level != LevelError:
		return d, fmt.Errorf("%s: level %q is not warn or error", name, d.Level)
	case d.Title.ID == "" || d.Title.EN == "" || d.About.ID == "" || d.About.EN == "":
		return d, fmt.Errorf("%s: a title or about text is missing in id or en", name)
	}
	for key, m := range d.Messages {
		if m.ID == "" || m.EN == "" {
			return d, fmt.Errorf("%s: message %s is missing in id or en", name, key)
		}
	}
	return d, nil
}

func (d *Definition) set(key, value string) error {
	lang := func(t *kpi.Text, l string) error {
		switch l {
		case "id":
			t.ID = value
		case "en":
			t.EN = value
		default:
			return fmt.Errorf("language %q is not id or en", l)
		}
		return nil
	}
	switch {
	case key == "id":
		d.ID = value
	case key == "level":
		d.Level = value
	case strings.HasPrefix(key, "title."):
		return lang(&d.Title, strings.TrimPrefix(key, "title."))
	case strings.HasPrefix(key, "about."):
		return lang(&d.About, strings.TrimPrefix(key, "about."))
	case strings.HasPrefix(key, "msg."):
		msg, l, ok := strings.Cut(strings.TrimPrefix(key, "msg."), ".")
		if !ok {
			return fmt.Errorf("message key %q has no language", key)
		}
		t := d.Messages[msg]
		if err := lang(&t, l); err != nil {
			return err
		}
		d.Messages[msg] = t
	default:
		return fmt.Errorf("unknown header key %q", key)
	}
	return nil
}

// LastCheckRun returns when pantau check last stored its results, in loc;
// ok is false if it never did.
func LastCheckRun(ctx context.Context, db *sql.DB, loc *time.Location) (t time.Time, ok bool, err error) {
	query, err := files.ReadFile("last_run.sql")
	if err != nil {
		return time.Time{}, false, err
	}
	var v sql.NullTime
	if err := db.QueryRowContext(ctx, string(query)).Scan(&v); err != nil {
		return time.Time{}, false, fmt.Errorf("read checks_last_stored: %w", err)
	}
	return v.Time.In(loc), v.Valid, nil
}
