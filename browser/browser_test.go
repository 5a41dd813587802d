package browser

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// chromium is the browser of the tests; without one they skip, unless
// PANTAU_REQUIRE_BROWSER=1 (CI), when they fail.
func chromium(t *testing.T) string {
	t.Helper()
	p, err := Find("", os.Getenv("PANTAU_CHROMIUM"))
	if err != nil {
		if os.Getenv("PANTAU_REQUIRE_BROWSER") == "1" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	return p
}

func TestFind(t *testing.T) {
	if _, err := Find("/nonexistent/chromium", ""); err == nil || !strings.Contains(err.Error(), "--chromium /nonexistent/chromium") {
		t.Errorf("a --chromium that does not exist: %v", err)
	}
	if _, err := Find("", "/nonexistent/chrome"); err == nil || !strings.Contains(err.Error(), "PANTAU_CHROMIUM") {
		t.Errorf("a PANTAU_CHROMIUM that does not exist: %v", err)
	}
	empty := t.TempDir()
	for _, v := range []string{"PATH", "ProgramFiles", "ProgramFiles(x86)", "LocalAppData"} {
		t.Setenv(v, empty)
	}
	_, err := Find("", "")
	for _, want := range []string{"--chromium", "PANTAU_CHROMIUM", "chromium-browser", "google-chrome", "PATH"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("no browser: error %v does not name %s", err, want)
		}
	}
}

// TestFindOrder: a given browser first, then Edge and Chrome in Windows'
// install folders, then PATH; a folder whose variable is unset is skipped.
func TestFindOrder(t *testing.T) {
	env := map[string]string{
		"ProgramFiles":      `C:\Program Files`,
		"ProgramFiles(x86)": `C:\Program Files (x86)`,
		"LocalAppData":      `C:\Users\op\AppData\Local`,
	}
	candidates := windowsInstalls(func(k string) string { return env[k] })
	want := []string{
		`C:\Program Files\Microsoft\Edge\Application\msedge.exe`,
		`C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe`,
		`C:\Users\op\AppData\Local\Microsoft\Edge\Application\msedge.exe`,
		`C:\Program Files\Google\Chrome\Application\chrome.exe`,
		`C:\Program Files (x86)\Google\Chrome\Application\chrome.exe`,
		`C:\Users\op\AppData\Local\Google\Chrome\Application\chrome.exe`,
	}
	if strings.Join(candidates, "\n") != strings.Join(want, "\n") {
		t.Errorf("install paths:\n%s\nwant\n%s", strings.Join(candidates, "\n"), strings.Join(want, "\n"))
	}
	delete(env, "ProgramFiles(x86)")
	if got := windowsInstalls(func(k string) string { return env[k] }); len(got) != 4 || strings.Contains(strings.Join(got, ""), "(x86)") {
		t.Errorf("with ProgramFiles(x86) unset: %q", got)
	}

	for _, tc := range []struct {
		name, explicit, env string
		present             []string
		want                string
	}{
		{"given first", `D:\chrome.exe`, "", []string{`D:\chrome.exe`, want[1], "chromium"}, `D:\chrome.exe`},
		{"PANTAU_CHROMIUM next", "", `D:\edge.exe`, []string{`D:\edge.exe`, want[1]}, `D:\edge.exe`},
		{"Edge before Chrome", "", "", []string{want[5], want[1]}, want[1]},
		{"Chrome in LocalAppData", "", "", []string{want[5]}, want[5]},
		{"install folders before PATH", "", "", []string{"chromium", want[4]}, want[4]},
		{"PATH last", "", "", []string{"google-chrome"}, "google-chrome"},
		{"nothing", "", "", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lookPath := func(p string) (string, error) {
				for _, q := range tc.present {
					if p == q {
						return p, nil
					}
				}
				return "", os.ErrNotExist
			}
			got, err := find(tc.explicit, tc.env, candidates, lookPath)
			if got != tc.want || (tc.want == "") != (err != nil) {
				t.Errorf("find = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

const testPage = `<!DOCTYPE html><html><head><meta charset="utf-8"><style>
body { margin: 0; font: 16px sans-serif; } #head { height: 300px; } #rest { height: 3000px; }
@page { size: A4 portrait; margin: 16mm 12mm; }
</style></head><body><div id="head">Laporan Mingguan · Data per Senin</div><div id="rest">lain</div>
<img src="https://example.invalid/x.png" alt=""></body></html>`

func TestPrintAndScreenshot(t *testing.T) {
	path := chromium(t)
	file := filepath.Join(t.TempDir(), "page.html")
	if err := os.WriteFile(file, []byte(testPage), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	b, err := Start(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	pdf, err := b.PrintPDF(ctx, file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Errorf("PrintPDF did not return a PDF: %.20q", pdf)
	}
	img, err := b.Screenshot(ctx, file, Shot{Width: 540, Scale: 2, Selectors: []string{"#head"}})
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(img))
	if err != nil {
		t.Fatal(err)
	}
	// 540 CSS px at 2x; #head is 300 px, plus a 16 px margin.
	if cfg.Width != 1080 || cfg.Height != 632 {
		t.Errorf("screenshot is %d×%d, want 1080×632", cfg.Width, cfg.Height)
	}
	if _, err := b.Screenshot(ctx, file, Shot{Width: 540, Scale: 2, Selectors: []string{"#missing"}}); err == nil {
		t.Errorf("a screenshot of nothing succeeded")
	}
}
