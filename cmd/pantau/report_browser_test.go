package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// chromium finds the browser for the browser tests. Without one the tests
// skip, unless PANTAU_REQUIRE_BROWSER=1 (set by CI), when they fail.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{os.Getenv("PANTAU_CHROMIUM"), "/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("PANTAU_REQUIRE_BROWSER") == "1" {
		t.Fatal("no Chromium found (apt-get install chromium) and PANTAU_REQUIRE_BROWSER=1")
	}
	t.Skip("no Chromium found (apt-get install chromium, or set PANTAU_CHROMIUM); set PANTAU_REQUIRE_BROWSER=1 to make this a failure")
	return ""
}

// browserReport is what the browser saw of one report.
type browserReport struct {
	mu        sync.Mutex
	requests  []string // every URL the page requested
	blocked   []string // requests that tried to leave the file
	problems  []string // console errors and warnings, exceptions, CSP violations
	dialogs   []string
	pdfPages  int
	chartInfo []chartPixels
	// layout is what the layout check found wrong, per viewport width.
	layout map[int][]string
	// charts is the chart check at each viewport width.
	charts map[int][]chartPixels
}

// layoutWidths are the viewports every report must fit: a phone and a
// laptop.
var layoutWidths = []int{390, 1280}

type chartPixels struct {
	ID      string `json:"id"`
	Drawn   bool   `json:"drawn"`
	Painted int    `json:"painted"`
	Why     string `json:"why"`
}

func (b *browserReport) add(list *[]string, s string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	*list = append(*list, s)
}

// openInBrowser opens the report file in headless Chromium with every
// network request intercepted, and returns what happened.
func openInBrowser(t *testing.T, browser, file string, pdf bool) *browserReport {
	t.Helper()
	abs, err := filepath.Abs(file)
	if err != nil {
		t.Fatal(err)
	}
	fileURL := (&url.URL{Scheme: "file", Path: abs}).String()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(browser), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true), chromedp.Flag("disable-extensions", true),
		chromedp.WindowSize(1000, 1400),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()

	rep := &browserReport{}
	err = chromedp.Listen(bctx, func(ev any) {
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			rep.add(&rep.requests, ev.Request.URL)
		case *fetch.EventRequestPaused:
			id, u := ev.RequestID, ev.Request.URL
			go func() { // a listener must not run a command itself
				if u == fileURL {
					_, _ = chromedp.Call(bctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: id})
					return
				}
				rep.add(&rep.blocked, u)
				_, _ = chromedp.Call(bctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: id, ErrorReason: network.ErrorReasonBlockedByClient})
			}()
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				rep.add(&rep.problems, fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(args, " ")))
			}
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			rep.add(&rep.problems, fmt.Sprintf("exception at %s:%d: %s", d.URL, d.LineNumber, msg))
		case *log.EventEntryAdded:
			// The chart check's own getImageData readbacks draw a hint.
			if strings.Contains(ev.Entry.Text, "willReadFrequently") {
				return
			}
			if ev.Entry.Level == log.EntryLevelError || ev.Entry.Level == log.EntryLevelWarning {
				rep.add(&rep.problems, fmt.Sprintf("log %s %s: %s %s", ev.Entry.Level, ev.Entry.Source, ev.Entry.Text, ev.Entry.URL))
			}
		case *page.EventJavascriptDialogOpening:
			rep.add(&rep.dialogs, string(ev.Type)+": "+ev.Message)
			go func() {
				_, _ = chromedp.Call(bctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
			}()
		}
	})
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	must := func(what string, err error) {
		if err != nil {
			t.Fatalf("%s: %s: %v", file, what, err)
		}
	}
	must("start", chromedp.Do(bctx))
	_, err = chromedp.Call(bctx, network.Enable, network.EnableParams{})
	must("network", err)
	_, err = chromedp.Call(bctx, log.Enable, cdp.Empty{})
	must("log", err)
	_, err = chromedp.Call(bctx, runtime.Enable, cdp.Empty{})
	must("runtime", err)
	_, err = chromedp.Call(bctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*"}}})
	must("fetch", err)
	must("open", chromedp.Do(bctx, chromedp.Navigate(fileURL), chromedp.WaitReady(chromedp.CSS("footer")), chromedp.Sleep(300*time.Millisecond)))
	nCharts, err := chromedp.Run(bctx, chromedp.Evaluate[int](`document.querySelectorAll('.chart').length`))
	must("count charts", err)
	charts, err := chromedp.Run(bctx, chromedp.Evaluate[[]chartPixels](chartPixelsJS))
	must("check charts", err)
	if pdf {
		res, err := chromedp.Call(bctx, page.PrintToPDF, page.PrintToPDFParams{PaperWidth: 8.27, PaperHeight: 11.69,
			PreferCSSPageSize: new(true), PrintBackground: new(false)})
		must("print to PDF", err)
		if dir := os.Getenv("PANTAU_REPORT_PDF_DIR"); dir != "" {
			_ = os.WriteFile(filepath.Join(dir, filepath.Base(file)+".pdf"), res.Data, 0o644)
		}
		rep.pdfPages = countPDFPages(res.Data)
	}
	if len(charts) != nCharts {
		t.Errorf("%s: %d chart elements but %d checked", file, nCharts, len(charts))
	}
	rep.chartInfo = charts
	rep.layout, rep.charts = map[int][]string{}, map[int][]chartPixels{}
	for _, width := range layoutWidths {
		_, err := chromedp.Call(bctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: int64(width), Height: 900, DeviceScaleFactor: 1})
		must("resize", err)
		_, err = chromedp.Run(bctx, chromedp.Evaluate[bool](framesJS, chromedp.EvalAwaitPromise))
		must("wait for the resize", err)
		rep.layout[width], err = chromedp.Run(bctx, chromedp.Evaluate[[]string](layoutJS))
		must("check the layout", err)
		rep.charts[width], err = chromedp.Run(bctx, chromedp.Evaluate[[]chartPixels](chartPixelsJS))
		must("check charts", err)
		if dir := os.Getenv("PANTAU_REPORT_SHOTS"); dir != "" {
			shot, err := chromedp.Call(bctx, page.CaptureScreenshot, page.CaptureScreenshotParams{CaptureBeyondViewport: new(true),
				Clip: &page.Viewport{Width: float64(width), Height: 9000, Scale: 1}})
			if err == nil {
				_ = os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.png", filepath.Base(file), width)), shot.Data, 0o644)
			}
		}
	}
	return rep
}

// framesJS opens every folded data table (they are one tap away, so they
// must fit too) and waits two animation frames, so the charts have redrawn
// at the new width.
const framesJS = `(function () {
  document.querySelectorAll('details').forEach(function (d) { d.open = true; });
  window.dispatchEvent(new Event('resize'));
  return new Promise(function (resolve) {
    requestAnimationFrame(function () { requestAnimationFrame(function () { resolve(true); }); });
  });
})()`

// layoutJS lists what does not fit the viewport: the page scrolling
// sideways, an element reaching past the viewport's edges, or an element
// that clips or scrolls its content sideways (overflow hidden, auto,
// scroll or clip with scrollWidth > clientWidth). ECharts' own elements
// inside a .chart are its business: the chart check covers them.
const layoutJS = `(function () {
  var vw = window.innerWidth, out = [];
  var root = document.documentElement;
  if (root.scrollWidth > vw) { out.push('the page is ' + root.scrollWidth + ' px wide in a ' + vw + ' px viewport'); }
  function name(el) {
    var s = el.tagName.toLowerCase();
    if (el.id) { s += '#' + el.id; }
    if (el.className && typeof el.className === 'string') { s += '.' + el.className.trim().split(/\s+/).join('.'); }
    var text = (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40);
    return s + (text ? ' "' + text + '"' : '');
  }
  document.querySelectorAll('body *').forEach(function (el) {
    if (el.closest('.chart') && !el.classList.contains('chart')) { return; }
    var r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) { return; }
    if (r.right > vw + 0.5 || r.left < -0.5) {
      out.push(name(el) + ' spans ' + Math.round(r.left) + '–' + Math.round(r.right) + ' px of ' + vw);
    }
    var ox = getComputedStyle(el).overflowX;
    if ((ox === 'hidden' || ox === 'auto' || ox === 'scroll' || ox === 'clip') && el.scrollWidth > el.clientWidth + 1) {
      out.push(name(el) + ' clips its content: ' + el.scrollWidth + ' px in ' + el.clientWidth);
    }
  });
  return out.slice(0, 20);
})()`

// chartPixelsJS reports, for every chart element, whether an ECharts
// instance drew non-transparent pixels on its canvas.
const chartPixelsJS = `Array.from(document.querySelectorAll('.chart')).map(function (el) {
  var inst = window.echarts && echarts.getInstanceByDom(el);
  if (!inst) { return {id: el.id, drawn: false, painted: 0, why: 'no echarts instance'}; }
  var canvas = el.querySelector('canvas');
  if (!canvas || !canvas.width || !canvas.height) { return {id: el.id, drawn: false, painted: 0, why: 'no canvas'}; }
  var d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data, n = 0;
  for (var i = 3; i < d.length; i += 4) { if (d[i] !== 0) { n++; } }
  return {id: el.id, drawn: n > 500, painted: n, why: ''};
})`

var pdfPage = regexp.MustCompile(`/Type\s*/Page\b[^s]`)

func countPDFPages(pdf []byte) int { return len(pdfPage.FindAll(pdf, -1)) }

func TestReportsInBrowser(t *testing.T) {
	browser := chromium(t)
	dir := t.TempDir()
	files := renderFixtureReports(t, dir)
	en := renderFixtureReports(t, filepath.Join(dir, "en"), "--lang", "en")
	cases := []struct {
		name, file string
		charts     int
		pdf        bool
	}{
		{"weekly", files["weekly"], 5, true},
		{"planner", files["planner"], 1, false},
		{"quality", files["quality"], 0, false},
		{"weekly-en", en["weekly"], 5, false},
		{"national", files["national"], 0, true},
		{"ikm", files["ikm"], 1, false},
	}
	// PANTAU_BROWSER_EXTRA=a.html,b.html checks more reports the same way
	// (e.g. the demo's, which have every office).
	for _, f := range strings.Split(os.Getenv("PANTAU_BROWSER_EXTRA"), ",") {
		if f != "" {
			cases = append(cases, struct {
				name, file string
				charts     int
				pdf        bool
			}{filepath.Base(f), f, 0, false})
		}
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rep := openInBrowser(t, browser, tc.file, tc.pdf)
			abs, _ := filepath.Abs(tc.file)
			fileURL := (&url.URL{Scheme: "file", Path: abs}).String()
			for _, u := range rep.requests {
				if u != fileURL {
					t.Errorf("request left the file: %s", u)
				}
			}
			for _, u := range rep.blocked {
				t.Errorf("blocked a network request: %s", u)
			}
			for _, p := range rep.problems {
				t.Errorf("%s", p)
			}
			for _, d := range rep.dialogs {
				t.Errorf("a dialog opened (hostile data ran): %s", d)
			}
			if len(rep.chartInfo) < tc.charts {
				t.Errorf("%d charts, want at least %d", len(rep.chartInfo), tc.charts)
			}
			for _, c := range rep.chartInfo {
				if !c.Drawn {
					t.Errorf("chart %s drew nothing (%d pixels) %s", c.ID, c.Painted, c.Why)
				}
			}
			for _, width := range layoutWidths {
				for _, p := range rep.layout[width] {
					t.Errorf("at %d px: %s", width, p)
				}
				if len(rep.charts[width]) != len(rep.chartInfo) {
					t.Errorf("at %d px: %d charts, want %d", width, len(rep.charts[width]), len(rep.chartInfo))
				}
				for _, c := range rep.charts[width] {
					if !c.Drawn {
						t.Errorf("at %d px: chart %s drew nothing (%d pixels) %s", width, c.ID, c.Painted, c.Why)
					}
				}
			}
			if tc.pdf {
				t.Logf("%s: %d A4 pages", tc.name, rep.pdfPages)
				if rep.pdfPages < 1 || rep.pdfPages > 6 {
					t.Errorf("printed to %d A4 pages, want 1 to 6", rep.pdfPages)
				}
			}
		})
	}
}
