package encode

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"

	"github.com/disdukcapil-bekasi/pantau/kpi"
)

// FormatValue writes a value as `pantau kpi` and kpi_weekly exports do:
// rounded to 10 significant digits, no exponent; NULL as "".
func FormatValue(v *float64) string {
	if v == nil {
		return ""
	}
	r, _ := strconv.ParseFloat(strconv.FormatFloat(*v, 'g', 10, 64), 64)
	if r == 0 {
		r = 0 // no "-0"
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// KPICSV writes values in the long format week,scope,scope_id,kpi,value
// with a header; a NULL value is an empty field.
func KPICSV(w io.Writer, values []kpi.Value) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"week", "scope", "scope_id", "kpi", "value"}); err != nil {
		return err
	}
	for _, v := range values {
		if err := cw.Write([]string{v.Week, v.Scope, v.ScopeID, v.KPI, FormatValue(v.Value)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// jsonDocument is the stable JSON shape of `pantau kpi --format json`,
// documented in docs/kpi.md.
type jsonDocument struct {
	RegionCode string         `json:"region_code"`
	From       string         `json:"from"`
	To         string         `json:"to"`
	Values     []kpiJSONValue `json:"values"`
}

type kpiJSONValue struct {
	Week    string       `json:"week"`
	Scope   string       `json:"scope"`
	ScopeID string       `json:"scope_id"`
	KPI     string       `json:"kpi"`
	Value   *json.Number `json:"value"`
}

// KPIJSON writes values as one JSON object:
//
//	{"region_code": "3216", "from": "2023-W01", "to": "2023-W02",
//	 "values": [{"week": "2023-W01", "scope": "region", "scope_id": "3216",
//	             "kpi": "recordings", "value": 512}, ...]}
//
// with values rounded as FormatValue and null for NULL.
func KPIJSON(w io.Writer, regionCode, from, to string, values []kpi.Value) error {
	doc := jsonDocument{RegionCode: regionCode, From: from, To: to, Values: make([]kpiJSONValue, 0, len(values))}
	for _, v := range values {
		jv := kpiJSONValue{Week: v.Week, Scope: v.Scope, ScopeID: v.ScopeID, KPI: v.KPI}
		if v.Value != nil {
			n := json.Number(FormatValue(v.Value))
			jv.Value = &n
		}
		doc.Values = append(doc.Values, jv)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
