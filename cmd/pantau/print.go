package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/disdukcapil-bekasi/pantau/browser"
	"github.com/disdukcapil-bekasi/pantau/config"
)

// summaryShot is the chat-preview image of a report: its header and first
// section (the weekly report's narrative and KPI cards), laid out at a
// phone's 540 CSS pixels and drawn at 2× — 1080 pixels wide, with text
// that stays readable when WhatsApp shrinks the image to a phone's width;
// at most 675 CSS pixels (1350) tall, a chat's portrait preview, cut below
// the last sentence or card that fits (the narrative, what needs action
// first, leads).
var summaryShot = browser.Shot{Width: 540, Scale: 2, Selectors: []string{"header.top", "section.first"},
	MaxHeight: 675, Breaks: []string{"section.first li", "section.first .card", "header.top"}}

// findBrowser is the Chromium that prints: --chromium, then the run.chromium
// setting, then PANTAU_CHROMIUM, then chromium, chromium-browser or
// google-chrome on PATH.
func (a *app) findBrowser(flag string) (string, error) {
	if flag == "" {
		flag = a.cfg.Run.Chromium
	}
	return browser.Find(flag, a.getenv("PANTAU_CHROMIUM"))
}

// startBrowser finds and starts the Chromium that prints.
func (a *app) startBrowser(ctx context.Context, flag string) (*browser.Browser, error) {
	path, err := a.findBrowser(flag)
	if err != nil {
		return nil, err
	}
	b, err := browser.Start(ctx, path)
	if err != nil {
		return nil, err
	}
	a.logger.Debug("browser started", "browser", path)
	return b, nil
}

// printPDF prints the HTML report at html to out.
// pdfTabs is how many reports print at once.
const pdfTabs = 2

func (a *app) printPDF(ctx context.Context, b *browser.Browser, html, out string) error {
	start := a.now()
	pdf, err := b.PrintPDF(ctx, html)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(out, func(f io.Writer) error { _, err := f.Write(pdf); return err }); err != nil {
		return err
	}
	a.logger.Debug("pdf written", "file", out, "bytes", len(pdf), "took", a.now().Sub(start))
	return nil
}

// writeSnapshot writes the report of kind as a PDF or a PNG at out (by
// default its stable name with .pdf or .png): the HTML goes to a
// temporary folder, and the browser prints or photographs it.
func (a *app) writeSnapshot(ctx context.Context, html func(dir string) (string, error), format, chromium, out string) (string, error) {
	b, err := a.startBrowser(ctx, chromium)
	if err != nil {
		return "", err
	}
	defer b.Close()
	tmp, err := os.MkdirTemp("", "pantau-report-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	page, err := html(tmp)
	if err != nil {
		return "", err
	}
	if out == "" {
		out = withExt(filepath.Base(page), "."+format)
	}
	if format == "pdf" {
		return out, a.printPDF(ctx, b, page, out)
	}
	img, err := b.Screenshot(ctx, page, summaryShot)
	if err != nil {
		return "", err
	}
	return out, writeFileAtomic(out, func(f io.Writer) error { _, err := f.Write(img); return err })
}

// withExt replaces the .html of a report's file name with ext.
func withExt(name, ext string) string { return strings.TrimSuffix(name, ".html") + ext }

// writePDFs prints each HTML report in htmls to a PDF beside it, as the
// setting run.pdf says: never; auto, when a Chromium is found (without one
// the run logs it and goes on); always, when no Chromium is a failure. It
// returns the paths written.
func (a *app) writePDFs(ctx context.Context, htmls []string) ([]string, error) {
	mode := a.cfg.Run.PDF
	if mode == config.PDFNever || len(htmls) == 0 {
		return nil, nil
	}
	b, err := a.startBrowser(ctx, "")
	if errors.Is(err, browser.ErrNotFound) && mode != config.PDFAlways {
		a.logger.Info("reports written without PDF", "reason", err.Error())
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("run.pdf %s: %w", mode, err)
	}
	defer b.Close()
	start := a.now()
	written := make([]string, len(htmls))
	errs := make([]error, len(htmls))
	// Two tabs at a time: Chromium lays out one page while it prints the other.
	var wg sync.WaitGroup
	next := make(chan int)
	for range pdfTabs {
		wg.Go(func() {
			for i := range next {
				written[i] = withExt(htmls[i], ".pdf")
				errs[i] = a.printPDF(ctx, b, htmls[i], written[i])
			}
		})
	}
	for i := range htmls {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	a.logger.Info("pdf written", "files", len(written), "took", a.now().Sub(start).Round(time.Millisecond))
	return written, nil
}
