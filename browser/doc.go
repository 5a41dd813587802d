// Package browser drives a headless Chromium to turn a report's HTML file
// into what chat groups open: an A4 PDF, or a PNG of part of the page.
//
// It finds the browser (Find), starts it once (Start) and prints or
// photographs one file per tab, so that pantau run can print dozens of
// reports with one browser. The page is opened from a file URL; every
// other request is refused, as the reports are self-contained.
//
// browser knows nothing of pantau's data: it must not import config,
// warehouse, etl, kpi, reports or synth. Only cmd/pantau uses it.
package browser
