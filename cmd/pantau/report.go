package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/disdukcapil-bekasi/pantau/ikm"
	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/planning"
	"github.com/disdukcapil-bekasi/pantau/reports"
	"github.com/disdukcapil-bekasi/pantau/reports/page"
)

func (a *app) reportCmd() *cobra.Command {
	var week, office, lang, format, out, chromium, period, province string
	var supply int
	var names, summaries []string
	for _, s := range reports.Specs() {
		names = append(names, string(s.Kind))
		summaries = append(summaries, string(s.Kind)+" ("+s.Summary+")")
	}
	cmd := &cobra.Command{
		Use:   "report " + strings.Join(names, "|") + " [flags]",
		Short: "Write a static HTML report: " + reports.JoinOr(summaries),
		Long: `Write one self-contained HTML file (charts, data and styles inline; no network request)
for the week given (default: the latest complete week), in Bahasa Indonesia (default) or
English. Without --out the file is written to the current folder under its stable name
(laporan-mingguan-2023-W01.html, rencana-blanko-..., kualitas-data-...) and its path printed.

ikm is the citizen satisfaction survey report (IKM, PermenPANRB 14/2017) of --period
(2023-S1 or 2023-Q1; default: the latest complete semester), named
indeks-kepuasan-2023-S1.html.

national is the province and national report: every region with data (or, with
--province 32, one province's regions) ranked by print backlog per 10,000 people, the
backlog trend of the worst ten, the Suket signal and, with --supply N, the split of N
blank cards across the regions (as pantau forecast allocate). Named
laporan-nasional-2023-W01.html or laporan-provinsi-32-2023-W01.html.

weekly --format text prints the narrative and KPI cards as a WhatsApp message (under
1,000 characters) to stdout, or to --out. --format pdf prints the same HTML to an A4 PDF,
and --format png renders its summary (the narrative and KPI cards) as an image 1080 pixels
wide and at most 1350 tall for a chat preview; both need a headless Chromium: --chromium PATH, the setting
run.chromium, env PANTAU_CHROMIUM, on Windows Edge or Chrome in their install folders, or
chromium, chromium-browser or google-chrome on PATH.
The warehouse is opened read-only.`,
		Args:      cobra.ExactArgs(1),
		ValidArgs: names,
		RunE: func(cmd *cobra.Command, args []string) error {
			spec, err := reports.SpecOf(reports.Kind(args[0]))
			if err != nil {
				return usageError{err}
			}
			opt, err := a.reportFlagOptions(spec, reportFlags{week: week, office: office, lang: lang, format: format,
				period: period, province: province, supply: supply})
			if err != nil {
				return err
			}
			return a.runReport(cmd.Context(), spec, opt, format, out, chromium)
		},
	}
	f := cmd.Flags()
	f.StringVar(&week, "week", "", "ISO week, e.g. 2023-W01 (default: the latest complete week)")
	f.StringVar(&period, "period", "", "survey period of the ikm report, e.g. 2023-S1 or 2023-Q1 (default: the latest complete semester)")
	f.StringVar(&office, "office", "", "one office code, e.g. KEC-01 (weekly and planner)")
	f.StringVar(&province, "province", "", "one province code, e.g. 32 (national: that province's regions only)")
	f.IntVar(&supply, "supply", 0, "national: blank cards to split across the regions (adds the allocation table)")
	f.StringVar(&lang, "lang", "id", "id (Bahasa Indonesia) or en")
	f.StringVar(&format, "format", "html", "html; text (the weekly WhatsApp message); pdf (A4); png (the summary, 1080 px wide)")
	f.StringVar(&out, "out", "", "output file (default: the stable name in the current folder; text: stdout)")
	f.StringVar(&chromium, "chromium", "", "the Chromium that prints pdf and png (default: env PANTAU_CHROMIUM, then Edge/Chrome on Windows, then chromium on PATH)")
	return cmd
}

// reportFlags are the flags of pantau report that shape the report.
type reportFlags struct {
	week, office, lang, format, period, province string
	supply                                       int
}

// reportFlagOptions checks the flags against the report's spec and returns its
// options.
func (a *app) reportFlagOptions(spec reports.Spec, fl reportFlags) (reports.Options, error) {
	l, err := reports.ParseLang(fl.lang)
	if err != nil {
		return reports.Options{}, usagef("--lang: %v", err)
	}
	if err := checkReportFormat(spec, fl.format); err != nil {
		return reports.Options{}, err
	}
	if fl.week != "" {
		if _, err := kpi.ParseWeek(fl.week); err != nil {
			return reports.Options{}, usageError{err}
		}
	}
	set := map[reports.Option]bool{reports.OptionOffice: fl.office != "", reports.OptionProvince: fl.province != "",
		reports.OptionSupply: fl.supply != 0, reports.OptionPeriod: fl.period != ""}
	if err := checkReportOptions(spec, set); err != nil {
		return reports.Options{}, err
	}
	if err := checkSupply(fl.supply); err != nil {
		return reports.Options{}, err
	}
	if fl.period != "" {
		if _, err := kpi.ParsePeriod(fl.period); err != nil {
			return reports.Options{}, usageError{err}
		}
	}
	opt := reports.Options{Week: fl.week, Office: fl.office, Lang: l, Period: fl.period, Province: fl.province}
	if fl.supply > 0 {
		opt.Allocate = &planning.AllocateOptions{Supply: fl.supply, Horizon: a.cfg.Forecast.Horizon,
			ServiceLevel: a.cfg.Forecast.ServiceLevel, ReviewWeeks: a.cfg.Forecast.ReviewWeeks,
			LeadTimeWeeks: a.cfg.Forecast.LeadTimeWeeks}
	}
	return opt, nil
}

// checkReportFormat refuses a format no report, or not this report, is
// written in.
func checkReportFormat(spec reports.Spec, format string) error {
	var all, by []string
	for _, s := range reports.Specs() {
		for _, f := range s.Formats {
			if !slices.Contains(all, f) {
				all = append(all, f)
			}
		}
		if s.Writes(format) {
			by = append(by, string(s.Kind))
		}
	}
	if !slices.Contains(all, format) {
		return usagef("--format: %q is not %s", format, reports.JoinOr(all))
	}
	if !spec.Writes(format) {
		return usagef("--format %s is only for the %s", format, reportsNamed(by))
	}
	return nil
}

// checkReportOptions refuses an option set for a report that does not
// take it.
func checkReportOptions(spec reports.Spec, set map[reports.Option]bool) error {
	for _, o := range []reports.Option{reports.OptionOffice, reports.OptionProvince, reports.OptionSupply, reports.OptionPeriod} {
		if !set[o] || spec.Accepts(o) {
			continue
		}
		var by []string
		for _, s := range reports.Specs() {
			if s.Accepts(o) {
				by = append(by, string(s.Kind))
			}
		}
		return usagef("--%s is for the %s", o, reportsNamed(by))
	}
	return nil
}

// reportsNamed is "weekly report" or "weekly and planner reports".
func reportsNamed(kinds []string) string {
	if len(kinds) == 1 {
		return kinds[0] + " report"
	}
	return reports.JoinAnd(kinds) + " reports"
}

func (a *app) runReport(ctx context.Context, spec reports.Spec, opt reports.Options, format, out, chromium string) error {
	w, err := a.openReader(ctx, upperWeeks{read: spec.Upper, from: opt.Week, to: opt.Week, before: nationalReportWeeks - 1})
	if err != nil {
		return err
	}
	defer w.Close()
	a.reportOptions(&opt)
	if format == reports.FormatText {
		return a.writeText(ctx, w.DB, spec, opt, out)
	}
	r, err := reports.NewRenderer()
	if err != nil {
		return err
	}
	var path string
	if format == reports.FormatPDF || format == reports.FormatPNG {
		path, err = a.writeSnapshot(ctx, func(dir string) (string, error) {
			return a.writeReport(ctx, w.DB, r, spec.Kind, opt, "", dir)
		}, format, chromium, out)
	} else {
		path, err = a.writeReport(ctx, w.DB, r, spec.Kind, opt, out, "")
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(a.stdout, path)
	return nil
}

// writeText writes a report as its plain-text message to out, or to
// stdout when out is empty; the message names the HTML file.
func (a *app) writeText(ctx context.Context, db *sql.DB, spec reports.Spec, opt reports.Options, out string) error {
	rep, err := reports.Build(ctx, db, spec.Kind, opt)
	if err != nil {
		return reportError(err)
	}
	text, ok := rep.(reports.TextReport)
	if !ok {
		return fmt.Errorf("the %s report has no text format", spec.Kind)
	}
	attachment := reports.FileName(spec.Kind, rep.Week(), spec.Scope(opt), opt.Lang)
	if out == "" {
		return text.WriteText(a.stdout, attachment)
	}
	return writeFileAtomic(out, func(f io.Writer) error { return text.WriteText(f, attachment) })
}

// reportOptions fills what every report takes from the app: the clock, the
// KPI settings and the blanko plan.
func (a *app) reportOptions(opt *reports.Options) {
	opt.Now = a.now().In(a.cfg.Location())
	opt.Settings = kpi.SettingsFrom(a.cfg)
	opt.IKM = ikm.SettingsFrom(a.cfg)
	opt.Plan = a.blankoPlan()
}

// writeReport builds one report and writes it to out, or to its stable
// name in dir when out is empty; it returns the path written.
func (a *app) writeReport(ctx context.Context, db *sql.DB, r *page.Renderer, kind reports.Kind, opt reports.Options, out, dir string) (string, error) {
	start := a.now()
	spec, err := reports.SpecOf(kind)
	if err != nil {
		return "", err
	}
	rep, err := reports.Build(ctx, db, kind, opt)
	if err != nil {
		return "", reportError(err)
	}
	if out == "" {
		out = filepath.Join(dir, reports.FileName(kind, rep.Week(), spec.Scope(opt), opt.Lang))
	}
	if err := writeFileAtomic(out, func(f io.Writer) error { return rep.WriteHTML(f, r) }); err != nil {
		return "", err
	}
	a.logger.Debug("report written", "report", string(kind), "week", rep.Week(), "file", out, "took", a.now().Sub(start))
	return out, nil
}

// reportError turns the errors a user can fix into usage errors.
func reportError(err error) error {
	if errors.Is(err, reports.ErrUnknownOffice) || errors.Is(err, reports.ErrUnknownProvince) {
		return usageError{err}
	}
	return err
}

// writeFileAtomic writes a file through a temporary file beside it, so a
// reader never sees half a report.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// blankoPlan is the stock plan the reports draw: the plans stored at
// refresh (planning.StoredPlan), computed when the week is not stored.
func (a *app) blankoPlan() reports.PlanFunc {
	return reports.PlanFrom(planning.StoredPlan, kpi.SettingsFrom(a.cfg), a.planOptions())
}

// planOptions are the stock plan options of the forecast settings.
func (a *app) planOptions() planning.PlanOptions {
	return planning.PlanOptions{Horizon: a.cfg.Forecast.Horizon, ServiceLevel: a.cfg.Forecast.ServiceLevel,
		ReviewWeeks: a.cfg.Forecast.ReviewWeeks, LeadTimeWeeks: a.cfg.Forecast.LeadTimeWeeks}
}

// crisisWeek is the height of the 2022–2023 blanko crisis in the demo data.
const crisisWeek = "2023-W01"

// writeDemoReports writes the demo's reports into dir: all three for the
// latest complete week, the weekly report of the crisis week, and the
// index; it prints their paths.
func (a *app) writeDemoReports(ctx context.Context, dir string) error {
	written, err := a.writeWeekReports(ctx, dir, false)
	if err != nil {
		return err
	}
	w, err := a.openReadOnly(ctx)
	if err != nil {
		return err
	}
	defer w.Close()
	r, err := reports.NewRenderer()
	if err != nil {
		return err
	}
	opt := reports.Options{Week: crisisWeek, Lang: reports.Indonesian}
	a.reportOptions(&opt)
	crisis, err := a.writeReport(ctx, w.DB, r, reports.KindWeekly, opt, "", dir)
	if err != nil {
		return err
	}
	// The survey report of the latest complete semester.
	opt = reports.Options{Lang: reports.Indonesian}
	a.reportOptions(&opt)
	survey, err := a.writeReport(ctx, w.DB, r, reports.KindIKM, opt, "", dir)
	if err != nil {
		return err
	}
	index, err := a.writeIndex(ctx, w.DB, r, dir)
	if err != nil {
		return err
	}
	fmt.Fprintln(a.stdout, "\nreports:")
	for _, p := range append(written[:len(written)-1], crisis, survey, index) {
		fmt.Fprintln(a.stdout, " ", p)
	}
	return nil
}
