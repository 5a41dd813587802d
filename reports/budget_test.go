package reports

import (
	"bytes"
	"context"
	"regexp"
	"testing"
)

// scriptBudgets caps the inline script of each charted report (the
// tree-shaken ECharts, the runner and the chart data), in bytes: about 10%
// over what the fixture measured (weekly 532,184, planner 520,714 in
// 2026-11). The full ECharts build alone was 1,034,102. A budget that
// fails means a chart type or component was added to echarts-entry.js, or
// a chart's data grew: look at what, then raise the budget on purpose.
var scriptBudgets = map[Kind]int{
	KindWeekly:  585_000,
	KindPlanner: 573_000,
}

var inlineScript = regexp.MustCompile(`(?s)<script[^>]*>(.*?)</script>`)

func TestScriptBudget(t *testing.T) {
	r, err := NewRenderer()
	if err != nil { // ErrNoAssets: run make assets
		t.Fatal(err)
	}
	db := fixtureDB(t)
	for kind, budget := range scriptBudgets {
		t.Run(string(kind), func(t *testing.T) {
			rep, err := Build(context.Background(), db, kind, fixtureOptions(Indonesian))
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := rep.WriteHTML(&buf, r); err != nil {
				t.Fatal(err)
			}
			size := 0
			for _, m := range inlineScript.FindAllSubmatch(buf.Bytes(), -1) {
				size += len(m[1])
			}
			t.Logf("%s: inline script %d bytes (budget %d), file %d bytes", kind, size, budget, buf.Len())
			if size > budget {
				t.Errorf("%s: inline script is %d bytes, over its budget of %d", kind, size, budget)
			}
		})
	}
}
