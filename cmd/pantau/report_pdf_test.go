package main

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportPDFAndPNG prints the fixture's weekly report to PDF and its
// summary to PNG through the CLI: at most 6 A4 pages of selectable text
// with the week's title and the "Data per" stamp; an image 1080 px wide.
func TestReportPDFAndPNG(t *testing.T) {
	browser := chromium(t)
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("PANTAU_REQUIRE_BROWSER") == "1" {
			t.Fatal("pdftotext not found (apt-get install poppler-utils)")
		}
		t.Skip("pdftotext not found (apt-get install poppler-utils)")
	}
	db, week := reportFixture(t)
	dir := t.TempDir()
	pdfPath, pngPath := filepath.Join(dir, "w.pdf"), filepath.Join(dir, "w.png")
	for _, args := range [][]string{
		{"report", "weekly", "--db", db, "--week", week, "--format", "pdf", "--chromium", browser, "--out", pdfPath},
		{"report", "weekly", "--db", db, "--week", week, "--format", "png", "--chromium", browser, "--out", pngPath},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr); code != 0 {
			t.Fatalf("pantau %s: exit %d: %s", strings.Join(args, " "), code, stderr.String())
		}
	}
	pdf, err := os.ReadFile(pdfPath)
	if err != nil {
		t.Fatal(err)
	}
	if n := countPDFPages(pdf); n < 1 || n > 6 {
		t.Errorf("the weekly PDF has %d pages, want 1 to 6", n)
	}
	text, err := exec.Command(pdftotext, "-layout", pdfPath, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	for _, want := range []string{"Laporan Mingguan Layanan Adminduk", "Pekan 2/2023", "Data per"} {
		if !bytes.Contains(text, []byte(want)) {
			t.Errorf("the PDF's text lacks %q", want)
		}
	}
	f, err := os.Open(pngPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Width != 1080 || cfg.Height < 400 || cfg.Height > 1350 {
		t.Errorf("the PNG is %d×%d, want 1080 wide and at most 1350 tall", cfg.Width, cfg.Height)
	}
}

// TestReportPDFWithoutBrowser: no Chromium anywhere is exit 1 and a
// message that names every way to give one.
func TestReportPDFWithoutBrowser(t *testing.T) {
	db, week := reportFixture(t)
	t.Setenv("PATH", t.TempDir())
	t.Setenv("PANTAU_CHROMIUM", "")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"report", "weekly", "--db", db, "--week", week, "--format", "pdf", "--out", filepath.Join(t.TempDir(), "w.pdf")},
		strings.NewReader(""), &stdout, &stderr)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{"--chromium", "PANTAU_CHROMIUM", "chromium-browser", "google-chrome"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("the error does not name %s: %s", want, stderr.String())
		}
	}
}
