// Package page is the reports' page kit: the layout every report is drawn
// with (Page, Section, Block: paragraphs, cards, tables that stack at a
// phone's width, charts), the chart options built with go-echarts
// (NewChart) with a data table beside every chart, the one html/template
// page with its styles and runner script, the Content-Security-Policy that
// allows only the page's own inline scripts and styles, and the last step
// of every page: the one redaction (privacy.Redact) of each text
// (redact.go). Renderer writes a page as one self-contained HTML file;
// reports.NewRenderer gives it the embedded ECharts library.
//
// page knows no report and no figure: the reports (package reports) fill
// its types, and a Lang (reports.Lang) gives it the few texts and the
// number formats it writes itself. It imports privacy and go-echarts
// only: never kpi, warehouse or reports.
//
// How to add a kind of block:
//
//  1. Add its field to Block (exactly one field of a block is set) and
//     draw it in page.tmpl's "block" template; styles go to report.css
//     (phone width first, then print).
//  2. Add its texts to redactSection, so the last step redacts them too.
//  3. Use it in a report section and run go test ./reports -update: the
//     section's golden file shows the new HTML.
package page
