package etl

import (
	"fmt"
	"sort"
	"strings"
)

// plan is the SQL that checks and normalises one staged file of one kind.
type plan struct {
	spec spec
	// checked creates the temp table "checked": _line, r_<col> (trimmed raw
	// text), v_<col> (parsed value) and _ok.
	checked     string
	checkedArgs []any
	// rejects selects (line, column, value, reason) of every failed check.
	rejects string
	// present lists the canonical columns the file has.
	present map[string]bool
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
	layout       string
	zone         string
	decimalComma bool
	values       map[string]map[string]string // configured enum aliases per column
	nikPads      [2][]byte                    // HMAC inner and outer pads of the NIK key
}

// buildPlan writes the SQL for spec given the column positions in the stage table.
func buildPlan(s spec, source string, positions map[string][]int, opt planOptions) plan {
	p := plan{spec: s, present: map[string]bool{}}
	var raw, parsed []string
	var checks []check
	args := []any{}
	arg := func(v any) string { args = append(args, v); return "?" }
	for _, c := range s.columns {
		r := "r_" + c.name
		if pos, ok := positions[c.name]; ok {
			p.present[c.name] = true
			cells := make([]string, len(pos))
			for i, n := range pos {
				cells[i] = fmt.Sprintf("nullif(trim(c%d), '')", n)
			}
			raw = append(raw, fmt.Sprintf("coalesce(%s) AS %s", strings.Join(cells, ", "), r))
		} else {
			raw = append(raw, "NULL::VARCHAR AS "+r)
		}
		v := "v_" + c.name
		if c.required {
			checks = append(checks, check{c.name, r + " IS NULL", "''", fmt.Sprintf("'%s is required'", c.name)})
		}
		switch c.typ {
		case typeText:
			parsed = append(parsed, fmt.Sprintf("%s AS %s", r, v))
		case typeTimestamp, typeDate:
			fast := fmt.Sprintf("CASE WHEN length(%s) = 19 THEN try_strptime(%s, ['%%Y-%%m-%%d %%H:%%M:%%S', '%%Y-%%m-%%dT%%H:%%M:%%S']) END", r, r)
			if c.typ == typeDate {
				fast = fmt.Sprintf("CASE WHEN length(%s) = 10 THEN try_strptime(%s, '%%Y-%%m-%%d') END", r, r)
			}
			expr := fmt.Sprintf("coalesce(%s, pantau_time(%s, %s, %s))", fast, r, arg(opt.layout), arg(opt.zone))
			if c.typ == typeDate {
				expr = "CAST(" + expr + " AS DATE)"
			}
			parsed = append(parsed, fmt.Sprintf("%s AS %s", expr, v))
			checks = append(checks, check{c.name, fmt.Sprintf("%s IS NOT NULL AND %s IS NULL", r, v), r,
				fmt.Sprintf(`'"' || %s || '" is not a valid date'`, r)})
		case typeInt:
			expr := fmt.Sprintf("coalesce(CASE WHEN NOT (contains(%s, '.') OR contains(%s, ',')) THEN try_cast(%s AS BIGINT) END, pantau_int(%s, %s))",
				r, r, r, r, arg(opt.decimalComma))
			parsed = append(parsed, fmt.Sprintf("%s AS %s", expr, v))
			checks = append(checks, check{c.name, fmt.Sprintf("%s IS NOT NULL AND %s IS NULL", r, v), r,
				fmt.Sprintf(`'"' || %s || '" is not a whole number'`, r)})
		case typeEnum:
			mapping := enumMapping(c, opt.values[c.name])
			keys := make([]string, 0, len(mapping))
			for k := range mapping {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			var b strings.Builder
			fmt.Fprintf(&b, "CASE replace(lower(%s), ' ', '_')", r)
			for _, k := range keys {
				fmt.Fprintf(&b, " WHEN %s THEN %s", arg(k), arg(mapping[k]))
			}
			b.WriteString(" END")
			parsed = append(parsed, fmt.Sprintf("%s AS %s", b.String(), v))
			checks = append(checks, check{c.name, fmt.Sprintf("%s IS NOT NULL AND %s IS NULL", r, v), r,
				fmt.Sprintf(`'"' || %s || '" is not a known %s (one of: %s)'`, r, c.name, strings.Join(c.values, ", "))})
		case typeOffice:
			parsed = append(parsed, fmt.Sprintf("ol_%s.office_code AS %s, ol_%s.region_code AS %s_region", c.name, v, c.name, v))
			checks = append(checks, check{c.name, fmt.Sprintf("%s IS NOT NULL AND %s IS NULL", r, v), r,
				fmt.Sprintf(`'unknown office "' || %s || '"'`, r)})
		case typeNIK:
			clean := fmt.Sprintf("replace(replace(replace(%s, ' ', ''), '.', ''), '-', '')", r)
			valid := fmt.Sprintf("regexp_full_match(%s, '[0-9]{16}')", clean)
			// HMAC-SHA256 in SQL, so DuckDB hashes in parallel:
			// H((K xor opad) || H((K xor ipad) || nik)).
			hmacExpr := fmt.Sprintf("sha256(%s::BLOB || unhex(sha256(%s::BLOB || encode(%s))))", arg(opt.nikPads[1]), arg(opt.nikPads[0]), clean)
			parsed = append(parsed, fmt.Sprintf("CASE WHEN %s THEN %s END AS %s, %s AS nik_valid", valid, hmacExpr, v, valid))
			// The value is never shown: an invalid NIK is still personal data.
			checks = append(checks, check{c.name, fmt.Sprintf("%s IS NOT NULL AND NOT nik_valid", r),
				fmt.Sprintf(`'(hidden, ' || length(%s) || ' characters)'`, clean),
				fmt.Sprintf(`'NIK must have 16 digits (it has ' || length(regexp_replace(%s, '[^0-9]', '', 'g')) || ')'`, clean)})
		}
	}
	checks = append(checks, kindChecks(s.kind)...)

	var joins []string
	for _, c := range s.columns {
		if c.typ == typeOffice {
			joins = append(joins, fmt.Sprintf("LEFT JOIN office_lookup ol_%s ON ol_%s.key = upper(raw.r_%s)", c.name, c.name, c.name))
		}
	}
	conds := make([]string, len(checks))
	for i, ch := range checks {
		conds[i] = "(" + ch.cond + ")"
	}
	// Two steps: parse, then test the rules on the parsed values.
	p.checked = fmt.Sprintf(`CREATE TEMP TABLE checked AS
WITH raw AS (SELECT _line, %s FROM %s),
parsed AS (SELECT raw.*, %s FROM raw %s)
SELECT *, NOT coalesce(%s, false) AS _ok FROM parsed`,
		strings.Join(raw, ", "), source, strings.Join(parsed, ", "), strings.Join(joins, " "), strings.Join(conds, " OR "))
	p.checkedArgs = args

	parts := make([]string, len(checks))
	for i, ch := range checks {
		parts[i] = fmt.Sprintf("SELECT _line, '%s' AS col, %s AS value, %s AS reason FROM checked WHERE NOT _ok AND coalesce(%s, false)",
			ch.column, ch.value, ch.reason, ch.cond)
	}
	p.rejects = strings.Join(parts, "\nUNION ALL\n")
	return p
}

// kindChecks are the rules that involve more than one column.
func kindChecks(k Kind) []check {
	switch k {
	case BlankoDeliveries:
		return []check{
			{"quantity_received", "v_quantity_received < 0 AND coalesce(v_source, '') <> 'transfer'", "r_quantity_received",
				"'quantity_received must not be negative (only the sender''s row of a transfer may be)'"},
			{"quantity_requested", "v_quantity_requested < 0", "r_quantity_requested", "'quantity_requested must not be negative'"},
		}
	case BlankoStockCounts:
		return []check{{"quantity_on_hand", "v_quantity_on_hand < 0", "r_quantity_on_hand", "'quantity_on_hand must not be negative'"}}
	case Complaints:
		return []check{
			{"resolved_at", "v_resolved_at < v_received_at", "r_resolved_at", "'resolved_at is before received_at'"},
			{"first_response_at", "v_first_response_at < v_received_at", "r_first_response_at", "'first_response_at is before received_at'"},
		}
	}
	return nil
}

// enumMapping merges the canonical values, built-in aliases and configured
// aliases of a column into one lookup on normalised text.
func enumMapping(c column, configured map[string]string) map[string]string {
	norm := func(s string) string { return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), " ", "_") }
	m := map[string]string{}
	for _, v := range c.values {
		m[norm(v)] = v
	}
	for k, v := range c.enumMap {
		m[norm(k)] = v
	}
	for k, v := range configured {
		m[norm(k)] = v
	}
	return m
}

// insertSQL selects the warehouse row of each good, deduplicated row.
func insertSQL(s spec, regionCode string) (string, []any) {
	region := "coalesce(r_region_code, v_office_code_region, ?)"
	args := []any{regionCode}
	switch s.kind {
	case ServiceEvents:
		return `SELECT ` + region + ` AS region_code,
			coalesce(r_event_id, 'h-' || md5(concat_ws('|', r_application_id, strftime(v_event_time, '%Y-%m-%d %H:%M:%S'), v_service, v_stage, v_office_code, v_request_type, v_interim_type, v_channel, r_staff_id, v_nik))) AS event_id,
			r_application_id, v_event_time, v_service, v_request_type, v_stage, v_interim_type, v_office_code, v_channel, r_staff_id, v_nik`, args
	case BlankoDeliveries:
		return `SELECT ` + region + `, r_delivery_id, v_office_code, v_requested_at, v_quantity_requested, v_received_at,
			v_quantity_received, v_source, r_reference`, args
	case BlankoStockCounts:
		return `SELECT ` + region + `, v_office_code, v_counted_at, v_quantity_on_hand`, args
	case Complaints:
		return `SELECT ` + region + `, r_complaint_id, v_received_at, v_channel,
			coalesce(v_category, pantau_classify(coalesce(r_text, ''))) AS category,
			CASE WHEN v_category IS NULL THEN 'rules' ELSE 'source' END AS classified_by,
			coalesce(v_tier, 'normatif') AS tier, v_office_code, r_staff_ref,
			CASE WHEN r_text IS NOT NULL THEN pantau_redact(r_text) END AS text,
			v_first_response_at, v_resolved_at,
			coalesce(v_status, CASE WHEN v_resolved_at IS NOT NULL THEN 'resolved' ELSE 'open' END) AS status`, args
	}
	panic("unknown kind " + string(s.kind))
}
