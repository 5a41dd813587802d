package page

import (
	"bytes"
	"strings"
	"testing"
)

// TestRenderRedactsEveryText: a NIK or phone number that reaches a page
// (a table cell, a list, a card, a chart's categories, a title) or the
// WhatsApp message is masked as the last step.
func TestRenderRedactsEveryText(t *testing.T) {
	r, err := NewRendererWith([]byte("/* echarts */"))
	if err != nil {
		t.Fatal(err)
	}
	const nik, phone = "3216015708900003", "0812-3456-7890"
	chartTable := &Table{Head: []Cell{{Text: "pekerjaan"}}, Rows: [][]Cell{{{Text: "NIK " + nik}}}}
	p := Page{
		Title: "Laporan " + phone, Scope: "Kab. Bekasi",
		Footer: []string{"nik" + nik + "x"},
		Sections: []Section{{ID: "s", Title: "IKM " + nik, Blocks: []Block{
			{Paragraph: "Saran: hubungi " + phone},
			{List: []string{"3216.0157.0890.0003"}},
			{Cards: []Card{{Title: "KTP", Value: "3216-0157-0890-0003", StatusText: phone}}},
			{Table: &Table{Caption: "pekerjaan", Head: []Cell{{Text: "pekerjaan"}, {Text: "n"}},
				Rows: [][]Cell{{{Text: "NIK " + nik}, {Text: "1"}}}, Note: phone}},
			{Chart: &Chart{ID: "c1", Title: "pekerjaan", Table: chartTable,
				Options: map[string]any{"xAxis": []any{map[string]any{"data": []any{"NIK " + nik, "Wiraswasta"}}}}}},
		}}},
	}
	var buf bytes.Buffer
	if err := r.Render(&buf, p); err != nil {
		t.Fatal(err)
	}
	html := buf.String()
	for _, leak := range []string{nik, "3216.0157.0890.0003", "3216-0157-0890-0003", phone} {
		if strings.Contains(html, leak) {
			t.Errorf("the page holds %s", leak)
		}
	}
	if !strings.Contains(html, "Wiraswasta") || strings.Count(html, "[NIK disamarkan]") < 5 {
		t.Errorf("the page lost its other text or masked too few: %d masks", strings.Count(html, "[NIK disamarkan]"))
	}
}
