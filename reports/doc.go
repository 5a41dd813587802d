// Package reports writes pantau's static HTML reports: the weekly
// leadership report, the planner's stock report, the data-quality report,
// the survey (IKM) report and the province and national report, plus the
// plain-text WhatsApp summary of the weekly report. Specs (report.go) is
// the one table of them: each kind's Build function, file name, options
// and formats, and whether pantau run writes it; Build, FileName,
// pantau report and pantau run all read it.
//
// Every report is one self-contained HTML file: the ECharts library (pinned
// in package.json and embedded at build time from assets/), the styles, the
// chart options and the data are all inline, and a Content-Security-Policy
// meta tag allows only the report's own inline scripts (by hash) and no
// network request of any kind. Charts are ECharts options built with
// go-echarts and placed in one html/template page; every chart has a data
// table beside it for readers without JavaScript and for print. The page
// kit (layout, charts, template, CSP, the last redaction) is package
// reports/page; this package holds what the reports say. Texts are in Bahasa Indonesia or English, with Indonesian number
// and date formats (1.234,5; Senin, 2 Januari 2023) also inside the charts.
//
// Every string that came from data is hostile until escaped: pages are
// html/template, chart data is JSON with <, > and & escaped, placed in a
// non-executable script element. The leadership report never shows
// complaint texts, staff names or any personal data.
//
// Output is deterministic for the same warehouse and clock: chart ids are
// fixed, everything is sorted, and the clock is injected.
//
// The KPIs are metrics' definitions, computed by kpi.Compute; reports
// never computes a KPI itself and never runs SQL: every figure comes from a
// metrics function, and every measure is named by its one label
// (Lang.Label, from the metrics metadata). Dependencies point one way:
// reports imports kpi (and through it warehouse) and never etl, synth or
// the CLI.
//
// How to add a report section:
//
//  1. Read what it shows in the report's Build function from metrics
//     functions (add one, with its .sql file, if none gives the figure).
//  2. Lay it out in the report's page() as a page.Section (ID, Title,
//     Blocks of paragraphs, cards, charts built with page.NewChart,
//     tables); name measures with Lang.Label and put every other text in
//     messages.go in both languages. Every text of the page passes the one
//     redaction (page/redact.go) as Render's last step; a new kind of
//     block is added in package page (its doc says how).
//  3. Run go test ./reports -update: the section gets its own golden file
//     under testdata/sections/<report>/, and TestPageAssembly checks that the
//     page still holds together; look at the diff, then at the page in a
//     browser at 390 and 1280 px.
//
// How to add a report:
//
//  1. Write its type (with Week, WriteHTML and page, as quality.go) and
//     its Build function (func(ctx, db, Options) (*T, error)) in its own
//     file, its texts in messages.go (a "<kind>.title" message names it in
//     the index).
//  2. Add its Kind constant and one entry to Specs: Build, file name
//     (weekFileName("base") for base-2023-W01[-office][-en].html), the
//     Options it accepts, its Formats (FormatText only for a TextReport),
//     Run to have pantau run write it every week and list it in
//     index.html, PerOffice to write it per office too, Upper when it
//     reads the province and national rows. pantau report then accepts
//     it, its flags and formats, with no other change to the CLI.
//  3. Give it golden sections as in step 3 above (a Run report is
//     covered by TestGolden and TestPageAssembly through Kinds), a
//     testscript in cmd/pantau/testdata/script/, and a line in README and
//     docs/reports.md.
package reports
