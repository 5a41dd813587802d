package etl

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/disdukcapil-bekasi/pantau/enums"
	"github.com/disdukcapil-bekasi/pantau/privacy"
	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// plan is the SQL that checks and normalises one file of one kind. It is a
// chain of CTEs ending in "checked": per row the trimmed raw text (r_<col>),
// the parsed values (v_<col>), _ok, and _problems (a list of
// {col, value, reason} for a bad row, NULL for a good one). The same chain
// feeds the insert of good rows and, when needed, the listing of problems.
type plan struct {
	spec spec
	// ctes is the WITH clause, up to and including checked; it reads from
	// the placeholder {source} and keeps the column {line} as _line.
	ctes string
	args []any
	// problems lists, after ctes, {_line, col, value, reason} of every failed check.
	problems string
	// reused: see planOptions.reused.
	reused bool
}

// with returns the plan's WITH clause reading from source, with lineExpr
// (an expression over source) as each row's line, and its arguments. In
// source, {1}, {2}, ... stand for sourceArgs; extra arguments of the
// statement that follows are numbered from len(args)+1.
func (p plan) with(source string, sourceArgs []any, lineExpr string) (string, []any) {
	args := append([]any(nil), p.args...)
	for i, a := range sourceArgs {
		args = append(args, a)
		source = strings.ReplaceAll(source, fmt.Sprintf("{%d}", i+1), fmt.Sprintf("$%d", len(args)))
	}
	return strings.NewReplacer("{source}", source, "{line}", lineExpr).Replace(p.ctes), args
}

// prepareChecks is the step that builds the lookups and the plan that
// parses and checks every row, and takes the load's id.
func (l *Loader) prepareChecks(ctx context.Context, fl *fileLoad) error {
	fl.progress("checking")
	decimalComma := fl.st.decimalComma
	if fl.source.Decimal != "" {
		decimalComma = fl.source.Decimal == ","
	}
	latest := fl.started.Add(l.cfg.Load.MaxFuture)
	fl.plan = buildPlan(fl.spec, fl.positions, planOptions{layout: fl.source.DateLayout, zone: fl.source.TimeZone, defaultZone: l.defaultZone,
		decimalComma: decimalComma, values: fl.source.Values, enumVars: l.enumVars, optimistic: fl.optimistic,
		earliest: l.cfg.Load.Earliest(), latest: latest, maxFuture: l.cfg.Load.MaxFuture, reused: fl.st.reused, clean: fl.clean()})
	// A file staged for a reused statement took its load id then.
	if !fl.st.reused {
		var err error
		if fl.loadID, err = l.reuse.nextLoadID(ctx, l.conn); err != nil {
			return err
		}
	}
	fl.r.LoadID = fl.loadID
	return nil
}

// check is one rule: when cond holds for a row, the row is rejected.
type check struct {
	column string
	cond   string // SQL over r_/v_ columns
	value  string // SQL for the value to show; masked for NIK
	reason string // SQL for the reason text
}

// planOptions are the per-file settings that shape the SQL.
type planOptions struct {
	layout string
	// zone, when set (a source's time_zone), is the zone of every time of
	// the file; else each row's region's zone (rowZone, an SQL expression
	// buildPlan fills) and, when that is unknown, defaultZone.
	zone         string
	defaultZone  string
	rowZone      string
	decimalComma bool
	values       map[string]map[string]string // configured enum aliases per column
	// enumVars names the session variable that holds an enum's MAP, by
	// the MAP's SQL (see defineEnumMaps).
	enumVars map[string]string
	// optimistic leaves untrimmed the cells that a space makes bad or that
	// parse the same with it (see rawCell): the pass stops at a bad row.
	optimistic bool
	// earliest and latest bound the dates and times a row may carry
	// (load.earliest_date; the load's clock plus load.max_future, which
	// maxFuture is, for the message).
	earliest, latest time.Time
	maxFuture        time.Duration
	// reused: the plan reads a table the loader reuses (see reuse.go), and
	// its text must be the same for every file of one layout, so that
	// DuckDB plans it once: values are written as SQL literals, not bound
	// (DuckDB plans a statement with parameters that reads a table again
	// at every execution), and the file's own values, the latest date and
	// the load's id, are columns of the source (_soonest, _latest, _load).
	reused bool
	// clean: no cell of the file holds a personal number outside its NIK
	// columns (fileLoad.clean), so every redaction would return its text as
	// it is, and the text columns are stored without the redaction's SQL,
	// whose regular expression DuckDB compiles again at every execution
	// (about 8% of a small file's CPU time). The statement differs, and is
	// prepared once too.
	clean bool
}

// clean tells a file Go staged whose cells hold no personal number
// (privacy.Find, the redaction's own search) but in its NIK columns, which
// are hashed, not redacted.
func (fl *fileLoad) clean() bool {
	if !fl.st.reused {
		return false
	}
	nik := map[int]bool{}
	for _, c := range fl.spec.columns {
		if c.typ == typeNIK {
			for _, n := range fl.positions[c.name] {
				nik[n] = true
			}
		}
	}
	for n := range fl.st.personal {
		if !nik[n] {
			return false
		}
	}
	return true
}

// buildPlan writes the SQL for spec given the column positions in the stage table.
func buildPlan(s spec, positions map[string][]int, opt planOptions) plan {
	p := plan{spec: s}
	var raw, parsed, joins []string
	var checks []check
	args := []any{}
	// Numbered parameters: the CTEs are not written in the order the
	// arguments are collected.
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	if opt.reused {
		arg = sqlLiteral
	}
	// The row's zone: its region_code column's region's, else its
	// office's. The office lookups are joined first: after other joins
	// DuckDB's planner may build its hash table on the file's rows instead
	// of on the lookup.
	var zones []string
	if len(positions["region_code"]) > 0 {
		zones = append(zones, "rz.time_zone")
	}
	for _, c := range s.columns {
		if c.typ == typeOffice {
			zones = append(zones, "ol_"+c.name+".time_zone")
			joins = append(joins, fmt.Sprintf("LEFT JOIN office_lookup ol_%s ON ol_%s.key = upper(raw.r_%s)", c.name, c.name, c.name))
		}
	}
	if len(positions["region_code"]) > 0 {
		joins = append(joins, "LEFT JOIN regions rz ON rz.region_code = raw.r_region_code")
	}
	opt.rowZone = strings.Join(zones, ", ")
	// The row's zone as a column, for the checks of its dates (see
	// dateRangeCheck): the joined lookups are out of their reach.
	parsed = append(parsed, rowZoneSQL(opt, arg)+" AS _zone")
	for _, c := range s.columns {
		trim := !opt.optimistic || !c.typ.spaceSafe()
		raw = append(raw, rawCell(positions[c.name], trim)+" AS r_"+c.name)
		e := columnSQL(c, opt, arg)
		parsed = append(parsed, e.parsed)
		checks = append(checks, e.checks...)
	}
	checks = append(checks, s.checks...)

	conds := make([]string, len(checks))
	problems := make([]string, len(checks))
	for i, ch := range checks {
		conds[i] = "coalesce(" + ch.cond + ", false)"
		problems[i] = fmt.Sprintf("CASE WHEN %s THEN {'col': '%s', 'value': %s, 'reason': %s} END", conds[i], ch.column, ch.value, ch.reason)
	}
	if opt.reused {
		raw = append(raw, "_load", "_soonest", "_latest")
	}
	p.ctes = fmt.Sprintf(`WITH raw AS (SELECT {line} AS _line, %s FROM {source}),
parsed AS (SELECT raw.*, %s FROM raw %s),
checked AS (SELECT *, NOT (%s) AS _ok FROM parsed)
`, strings.Join(raw, ", "), strings.Join(parsed, ", "), strings.Join(joins, " "), strings.Join(conds, " OR "))
	p.problems = fmt.Sprintf(`SELECT _line, unnest(list_filter([%s], x -> x IS NOT NULL), recursive := true) FROM checked WHERE NOT _ok`,
		strings.Join(problems, ", "))
	p.args = args
	p.reused = opt.reused
	return p
}

// sqlLiteral writes a value of a plan as an SQL literal.
func sqlLiteral(v any) string {
	switch v := v.(type) {
	case string:
		return warehouse.QuoteLiteral(v)
	case bool:
		return strconv.FormatBool(v)
	case int64:
		return strconv.FormatInt(v, 10)
	}
	panic(fmt.Sprintf("no SQL literal for %T", v))
}

// loadIDSQL and regionSQL are the SQL of the load's id and of the default
// region code in a statement over the plan, binding them to args unless
// the plan is reused.
func (p plan) loadIDSQL(args *[]any, loadID int64) string {
	if p.reused {
		return "_load"
	}
	*args = append(*args, loadID)
	return fmt.Sprintf("$%d", len(*args))
}

func (p plan) regionSQL(args *[]any, region string) string {
	if p.reused {
		return sqlLiteral(region)
	}
	*args = append(*args, region)
	return fmt.Sprintf("$%d", len(*args))
}

// rawCell is the SQL of a column's raw text: the first non-empty of the
// cells at positions, trimmed unless not trim; NULL when the header lacks
// the column.
func rawCell(positions []int, trim bool) string {
	if len(positions) == 0 {
		return "NULL::VARCHAR"
	}
	cells := make([]string, len(positions))
	for i, n := range positions {
		// Trimming every cell costs more than testing its ends.
		cells[i] = fmt.Sprintf("CASE WHEN starts_with(c%[1]d, ' ') OR ends_with(c%[1]d, ' ') THEN nullif(trim(c%[1]d), '') ELSE nullif(c%[1]d, '') END", n)
		if !trim {
			cells[i] = fmt.Sprintf("nullif(c%d, '')", n)
		}
	}
	if len(cells) == 1 {
		return cells[0]
	}
	return fmt.Sprintf("coalesce(%s)", strings.Join(cells, ", "))
}

// columnExprs is the SQL that parses and checks one column.
type columnExprs struct {
	parsed string  // the v_ column(s), over r_
	checks []check // the column's own rules
}

// columnSQL parses and checks column c by its type; arg binds a parameter.
func columnSQL(c column, opt planOptions, arg func(any) string) columnExprs {
	r, v := "r_"+c.name, "v_"+c.name
	var e columnExprs
	if c.required {
		e.checks = append(e.checks, check{c.name, r + " IS NULL", "''", fmt.Sprintf("'%s is required'", c.name)})
	}
	switch c.typ {
	case typeText, typeID:
		fn := "pantau_redact"
		if c.typ == typeID {
			fn = "pantau_pseudonym"
		}
		e.parsed = redactSQL(fn, r) + " AS " + v
		if opt.clean {
			e.parsed = r + " AS " + v
		}
	case typeCode:
		e.parsed = fmt.Sprintf("%s AS %s", r, v)
		if opt.clean {
			break
		}
		// The reason does not quote the value; the reject's value is redacted.
		e.checks = append(e.checks, check{c.name, fmt.Sprintf("%s <> %s", redactSQL("pantau_redact", r), r), r,
			fmt.Sprintf("'%s holds a NIK or a phone number'", c.name)})
	case typeTimestamp, typeDate:
		// The format is picked by the character between date and time:
		// a format that fails costs DuckDB an error message per row.
		fast := fmt.Sprintf(`CASE WHEN length(%[1]s) = 19 THEN CASE WHEN substr(%[1]s, 11, 1) = 'T'
			THEN try_strptime(%[1]s, '%%Y-%%m-%%dT%%H:%%M:%%S') ELSE try_strptime(%[1]s, '%%Y-%%m-%%d %%H:%%M:%%S') END END`, r)
		if c.typ == typeDate {
			fast = fmt.Sprintf("CASE WHEN length(%s) = 10 THEN try_strptime(%s, '%%Y-%%m-%%d') END", r, r)
		}
		// fast reads only times without an offset: they are already local.
		expr := fmt.Sprintf("coalesce(%s, pantau_time(%s, %s, %s))", fast, r, arg(opt.layout), rowZoneSQL(opt, arg))
		if c.typ == typeDate {
			expr = "CAST(" + expr + " AS DATE)"
		}
		e.parsed = fmt.Sprintf("%s AS %s", expr, v)
		e.checks = append(e.checks, check{c.name, fmt.Sprintf("%s IS NOT NULL AND %s IS NULL", r, v), r,
			fmt.Sprintf(`'"' || %s || '" is not a valid date'`, sqlQuoted(r))})
		e.checks = append(e.checks, dateRangeCheck(c, opt, arg))
	case typeInt:
		expr := fmt.Sprintf("coalesce(CASE WHEN NOT (contains(%s, '.') OR contains(%s, ',')) THEN try_cast(%s AS BIGINT) END, pantau_int(%s, %s))",
			r, r, r, r, arg(opt.decimalComma))
		e.parsed = fmt.Sprintf("%s AS %s", expr, v)
		e.checks = append(e.checks, check{c.name, fmt.Sprintf("%s IS NOT NULL AND %s IS NULL", r, v), r,
			fmt.Sprintf(`'"' || %s || '" is not a whole number'`, sqlQuoted(r))})
	case typeEnum:
		// A lookup in a constant MAP of every accepted spelling: much
		// faster than a long CASE, and than a join on a table of the
		// spellings (5 million rows with 5 enums: 0.6 s less).
		// The value as it is first: most are written as the canonical
		// value, and lower() on every cell costs more than a second lookup
		// of the few that are not.
		m := enumMapSQL(enumMapping(c, opt.values[c.name]))
		if name, ok := opt.enumVars[m]; ok {
			m = "getvariable(" + warehouse.QuoteLiteral(name) + ")"
		}
		e.parsed = fmt.Sprintf("coalesce(map_extract_value(%[1]s, %[2]s), map_extract_value(%[1]s, lower(%[2]s))) AS %[3]s", m, r, v)
		e.checks = append(e.checks, check{c.name, fmt.Sprintf("%s IS NOT NULL AND %s IS NULL", r, v), r,
			fmt.Sprintf(`'"' || %s || '" is not a known %s (one of: %s)'`, sqlQuoted(r), c.name, strings.Join(enums.Values(c.enum), ", "))})
	case typeOffice:
		e.parsed = fmt.Sprintf("ol_%s.office_code AS %s, ol_%s.region_code AS %s_region", c.name, v, c.name, v)
		e.checks = append(e.checks, check{c.name, fmt.Sprintf("%s IS NOT NULL AND %s IS NULL", r, v), r,
			fmt.Sprintf(`'unknown office "' || %s || '"'`, sqlQuoted(r))})
	case typeScore:
		// "4", "4.0" and "4,0" are all 4; anything but 1, 2, 3 or 4 is rejected.
		num := fmt.Sprintf("try_cast(replace(%s, ',', '.') AS DOUBLE)", r)
		e.parsed = fmt.Sprintf("CASE WHEN %s IN (1, 2, 3, 4) THEN CAST(%s AS TINYINT) END AS %s", num, num, v)
		e.checks = append(e.checks, check{c.name, fmt.Sprintf("%s IS NOT NULL AND %s IS NULL", r, v), r,
			fmt.Sprintf(`'"' || %s || '" is not a score from 1 to 4'`, sqlQuoted(r))})
	case typeNIK:
		// pantau_nik drops spaces, dots and dashes, hashes 16 digits and
		// returns NULL for anything else.
		e.parsed = fmt.Sprintf("pantau_nik(%s) AS %s", r, v)
		// The value is never shown: an invalid NIK is still personal data.
		digits := fmt.Sprintf("regexp_replace(%s, '[^0-9]', '', 'g')", r)
		e.checks = append(e.checks, check{c.name, fmt.Sprintf("%s IS NOT NULL AND %s IS NULL", r, v),
			fmt.Sprintf("'(hidden, ' || length(%s) || ' characters)'", r),
			fmt.Sprintf("'NIK must have 16 digits (it has ' || length(%s) || ')'", digits)})
	default:
		panic(fmt.Sprintf("column %s: unknown type %d", c.name, c.typ))
	}
	return e
}

// redactSQL is the SQL of fn (pantau_redact or pantau_pseudonym) of the
// text r, called only for a cell of privacy.MinLength bytes or more that
// privacy.Guard matches: DuckDB's regular expression rejects an ordinary
// cell for less than the call costs (about 0.1 µs against 0.4 µs), and the
// length test a short one (a code, a word) for less still. Measured with
// two such cells a row (event and application ids): 0.15-0.22 s more for
// 1.6 to 5 million events (docs/performance.md).
func redactSQL(fn, r string) string {
	return fmt.Sprintf("CASE WHEN strlen(%[2]s) >= %[3]d AND regexp_matches(%[2]s, %[4]s) THEN %[1]s(%[2]s) ELSE %[2]s END",
		fn, r, privacy.MinLength, warehouse.QuoteLiteral(privacy.Guard))
}

// rowZoneSQL is the SQL of a row's time zone: the source's, else its
// region's (rowZone), else the default region's.
func rowZoneSQL(opt planOptions, arg func(any) string) string {
	switch {
	case opt.zone != "":
		return arg(opt.zone)
	case opt.rowZone != "":
		return "coalesce(" + opt.rowZone + ", " + arg(opt.defaultZone) + ")"
	}
	return arg(opt.defaultZone)
}

// dateRangeCheck rejects a date before opt.earliest or later than
// opt.latest as date_out_of_range: a row dated 2100 would stretch every
// weekly series to that year. The latest date is compared in the row's
// own zone (a time is its region's wall time); the comparison with the
// earliest wall time anywhere (UTC-12) spares most rows that conversion.
func dateRangeCheck(c column, opt planOptions, arg func(any) string) check {
	r, v := "r_"+c.name, "v_"+c.name
	typ := "TIMESTAMP"
	if c.typ == typeDate {
		typ = "DATE"
	}
	earliest := fmt.Sprintf("CAST(%s AS %s)", arg(opt.earliest.Format(time.DateOnly)), typ)
	soonestText, latestText := "_soonest", "_latest"
	if !opt.reused {
		s, l := dateBounds(opt.latest)
		soonestText, latestText = arg(s), arg(l)
	}
	soonest := fmt.Sprintf("CAST(%s AS %s)", soonestText, typ)
	latest := fmt.Sprintf("CAST(timezone(_zone, CAST(%s AS TIMESTAMPTZ)) AS %s)", latestText, typ)
	limit := "strftime(" + latest + ", '%Y-%m-%d %H:%M')"
	if c.typ == typeDate {
		limit = "strftime(" + latest + ", '%Y-%m-%d')"
	}
	return check{c.name,
		fmt.Sprintf("%[1]s < %[2]s OR CASE WHEN %[1]s > %[3]s THEN %[1]s > %[4]s END", v, earliest, soonest, latest), r,
		fmt.Sprintf(`'%s: "' || %s || '" is ' || CASE WHEN %s < %s THEN 'before %s (load.earliest_date)'
			ELSE 'after ' || %s || ', the load''s time plus %s (load.max_future)' END`,
			dateOutOfRange, sqlQuoted(r), v, earliest, opt.earliest.Format(time.DateOnly), limit, shortDuration(opt.maxFuture))}
}

// dateBounds is the text of the latest date a row may carry, as a UTC
// TIMESTAMPTZ, and of the earliest wall time anywhere at that instant
// (UTC-12): a wall time before it is within bounds in every zone.
func dateBounds(latest time.Time) (soonest, latestTZ string) {
	return latest.UTC().Add(-12 * time.Hour).Format(time.DateTime), latest.UTC().Format(time.DateTime) + "+00"
}

// dateOutOfRange starts the reason of a date outside the accepted span.
const dateOutOfRange = "date_out_of_range"

// shortDuration writes d as pantau.yaml would: 24h, 1h30m, 90s.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// enumMapping merges the canonical values, built-in aliases and configured
// aliases of a column into one lookup on lower-case text, with spaces and
// underscores interchangeable ("Siap Cetak", "siap_cetak").
func enumMapping(c column, configured map[string]string) map[string]string {
	m := map[string]string{}
	add := func(k, v string) {
		k = strings.ToLower(strings.TrimSpace(k))
		m[k] = v
		m[strings.ReplaceAll(k, " ", "_")] = v
		m[strings.ReplaceAll(k, "_", " ")] = v
	}
	e := enums.Of(c.enum)
	for _, v := range e.Values {
		add(v, v)
	}
	for k, v := range e.Aliases {
		add(k, v)
	}
	for k, v := range configured {
		add(k, v)
	}
	return m
}

// defineEnumMaps sets a session variable to each enum's MAP, with the
// configured aliases of its kind: a plan reads the variable, which DuckDB
// folds into a constant, instead of binding the literal for every file
// (1 ms of a small file's 4 ms query).
func (l *Loader) defineEnumMaps(ctx context.Context) error {
	l.enumVars = map[string]string{}
	for _, s := range kinds() {
		for _, c := range s.columns {
			if c.typ != typeEnum {
				continue
			}
			m := enumMapSQL(enumMapping(c, l.cfg.Sources[string(s.kind)].Values[c.name]))
			if _, ok := l.enumVars[m]; ok {
				continue
			}
			name := fmt.Sprintf("pantau_enum_%d", len(l.enumVars))
			if _, err := l.exec(ctx, "SET VARIABLE "+name+" = "+m); err != nil {
				return err
			}
			l.enumVars[m] = name
		}
	}
	return nil
}

// enumMapSQL is the SQL MAP literal of m: the canonical values first (a
// MAP is searched in order, and they are what most cells hold), then the
// other spellings, each in key order.
func enumMapSQL(m map[string]string) string {
	var canonical, other []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		entry := warehouse.QuoteLiteral(k) + ": " + warehouse.QuoteLiteral(m[k])
		if m[k] == k {
			canonical = append(canonical, entry)
		} else {
			other = append(other, entry)
		}
	}
	return "MAP {" + strings.Join(append(canonical, other...), ", ") + "}"
}

// selectList is the warehouse row of a good row, in the table's column order
// (load_id aside); defaultRegion is the SQL of the default region code, and
// guard, when not empty, an expression evaluated first for every row.
func selectList(s spec, defaultRegion, guard string) string {
	if guard != "" {
		guard += ", "
	}
	return "coalesce(" + guard + "v_region_code, v_office_code_region, " + defaultRegion + ") AS region_code, " + s.row
}
