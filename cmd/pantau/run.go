package main

import (
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/disdukcapil-bekasi/pantau/checks"
	"github.com/disdukcapil-bekasi/pantau/etl"
	"github.com/disdukcapil-bekasi/pantau/kpi"
	"github.com/disdukcapil-bekasi/pantau/reports"
	"github.com/disdukcapil-bekasi/pantau/reports/page"
	"github.com/disdukcapil-bekasi/pantau/warehouse"
)

// errRunFailed reports a weekly run that finished with failed files or
// error-level checks; its reports were still written.
var errRunFailed = errors.New("the run finished with problems; the reports were still written")

func (a *app) runCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "run [--config FILE]",
		Short: "The weekly batch job: load the inbox, run the checks, write the reports and index.html",
		Long: `The job a cron entry or systemd timer calls once a week (see docs/operations.md):

 1. load every data file in run.inbox (default ./inbox); move each loaded or already
    loaded file to run.archive (default ./archive); a file that failed stays in the inbox
    with <file>.rejects.csv beside it, and a loaded file with rejected rows gets its
    .rejects.csv beside it in the archive;
 2. run the data-quality checks and store their results (as pantau check);
 3. write the weekly, planner and quality reports of the latest complete week into
    run.output (default ./laporan) under stable names, the weekly WhatsApp text beside
    them, and index.html listing every report written so far;
 4. print each report to an A4 PDF beside it, as run.pdf says: auto (default: when a
    Chromium is found: run.chromium, PANTAU_CHROMIUM, on Windows Edge or Chrome in their
    install folders, or chromium, chromium-browser or google-chrome on PATH), always (no
    browser is a failure) or never.

After the checks it backs the warehouse up into run.backup.to when set (as pantau
backup, keeping run.backup.keep copies) and refreshes the analysts' copy (as pantau
publish). When another program holds the warehouse, nothing is loaded (the files stay in
the inbox) and the reports are written from what the warehouse holds, or, when that
program holds it for writing, from the newest analysts' copy; the message names the
program and its PID (on Windows as its Restart Manager names them).

The exit code is 1 when a file failed or an error-level check failed (the reports are
written all the same), so cron mails and systemd marks the unit failed.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.runWeekly(cmd.Context()) },
	}
}

func (a *app) runWeekly(ctx context.Context) error {
	cfg := a.cfg.Run
	for _, dir := range []string{cfg.Inbox, cfg.Archive, cfg.Output} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	rs := &runState{a: a}

	// 1. Load.
	if err := a.runLoad(ctx, rs); err != nil {
		return err
	}
	if !fileExists(a.dbPath) {
		return fmt.Errorf("open %s: %w (put data files in %s)", a.dbPath, warehouse.ErrNotFound, cfg.Inbox)
	}

	// 2. Check.
	checkProblems, err := a.runChecks(ctx)
	if err != nil && !rs.heldProblem("checks not run", err) {
		return err
	}
	rs.problems = append(rs.problems, checkProblems...)

	// Back up and refresh the analysts' copy (a failure is a problem of
	// the run, not the end of it).
	if cfg.Backup.To != "" {
		if _, err := a.backup(ctx, cfg.Backup.To, cfg.Backup.KeepOrDefault()); err != nil && !rs.heldProblem("no backup", err) {
			rs.problems = append(rs.problems, "backup: "+a.plainError(err).Error())
		}
	}
	if _, err := a.publish(ctx); err != nil && !rs.heldProblem("analysts' copy not refreshed", err) {
		rs.problems = append(rs.problems, "analysts' copy: "+a.plainError(err).Error())
	}

	// 3. Report.
	written, err := a.writeWeekReports(ctx, cfg.Output, true)
	if errors.As(err, &rs.held) {
		// Held for writing, the warehouse cannot be read either: the
		// reports come from the analysts' copy of an earlier run.
		var from string
		written, from, err = a.writeReportsFromCopy(ctx, cfg.Output, err)
		if from != "" {
			rs.problems = append(rs.problems, fmt.Sprintf("the reports were written from the analysts' copy %s (made %s), without the inbox's files: close %s, then run pantau run again",
				from, modTime(from), rs.held.Holder()))
		}
	}
	return rs.finish(written, err)
}

// finish lists the reports written and the problems found, and returns
// the run's error: err, or errRunFailed when there were problems.
func (rs *runState) finish(written []string, err error) error {
	for _, p := range written {
		fmt.Fprintln(rs.a.stdout, p)
	}
	for _, p := range rs.problems {
		fmt.Fprintln(rs.a.stderr, "pantau run:", p)
	}
	switch {
	case err != nil:
		return err
	case len(rs.problems) > 0:
		return errRunFailed
	}
	return nil
}

// runState is what the steps of pantau run found: the problems to list
// at the end and the program holding the warehouse, if one does.
type runState struct {
	a        *app
	problems []string
	held     *warehouse.HeldError
}

// heldProblem reports whether err is a held warehouse; the first one names
// the program holding it, and from then on the later steps do not wait
// for it again.
func (rs *runState) heldProblem(step string, err error) bool {
	var h *warehouse.HeldError
	if !errors.As(err, &h) {
		return false
	}
	if rs.held != nil {
		rs.problems = append(rs.problems, step+" (the warehouse is held, as above)")
		return true
	}
	rs.held = h
	rs.a.cfg.Load.Wait = 0
	rs.problems = append(rs.problems, step+": "+h.Error())
	return true
}

// runLoad loads the inbox's files and files them away: loaded ones to the
// archive, failed ones stay with their rejects.
func (a *app) runLoad(ctx context.Context, rs *runState) error {
	cfg := a.cfg.Run
	files, err := inboxFiles(cfg.Inbox)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		a.logger.Info("inbox empty", "dir", cfg.Inbox)
		return nil
	}
	opt := etl.Options{MaxRejectRate: a.cfg.Load.MaxRejectRate, Strict: a.cfg.Load.Strict}
	results, loadErr := a.load(ctx, files, opt)
	switch {
	case rs.heldProblem(fmt.Sprintf("nothing loaded (the files stay in %s)", cfg.Inbox), loadErr):
		// An analyst holds the warehouse: the files wait in the inbox
		// for the next run, and the reports show what it holds.
	case loadErr != nil && !errors.Is(loadErr, etl.ErrFileFailed):
		return loadErr
	default:
		n, err := a.fileResults(ctx, results, cfg.Archive)
		if err != nil {
			return err
		}
		if n > 0 {
			rs.problems = append(rs.problems, fmt.Sprintf("%d files failed to load (left in %s with .rejects.csv)", n, cfg.Inbox))
		}
	}
	return nil
}

// writeReportsFromCopy writes the week's reports from the newest analysts'
// copy and returns them and the copy's path; without a copy it returns
// heldErr, the warehouse's.
func (a *app) writeReportsFromCopy(ctx context.Context, dir string, heldErr error) ([]string, string, error) {
	from := a.newestAnalystsCopy()
	if from == "" {
		return nil, "", heldErr
	}
	dbPath := a.dbPath
	a.dbPath = from
	defer func() { a.dbPath = dbPath }()
	written, err := a.writeWeekReports(ctx, dir, true)
	return written, from, err
}

// modTime is when the file was last written, to the minute.
func modTime(path string) string {
	fi, err := os.Stat(path)
	if err != nil {
		return "?"
	}
	return fi.ModTime().Format("2006-01-02 15:04")
}

// runChecks runs the data-quality checks and stores their results as
// the warehouse's writer; it returns the failed checks as problems.
func (a *app) runChecks(ctx context.Context) ([]string, error) {
	w, err := a.openWriter(ctx)
	if err != nil {
		return nil, err
	}
	results, err := checks.Check(ctx, w.DB, kpi.SettingsFrom(a.cfg))
	if err == nil {
		err = checks.SaveResults(ctx, w.DB, a.now(), results)
	}
	if err == nil { // the quality report reads them
		err = checks.Keep(ctx, w.DB, kpi.SettingsFrom(a.cfg), results)
	}
	w.Close()
	if err != nil {
		return nil, err
	}
	var problems []string
	for _, c := range results {
		if c.Failed() {
			problems = append(problems, "check "+c.ID+": "+c.Message.EN)
		}
	}
	return problems, nil
}

// inboxFiles lists the data files waiting in the inbox, sorted; hidden
// files and rejects reports are not data.
func inboxFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".rejects.csv") {
			continue
		}
		out = append(out, filepath.Join(dir, name))
	}
	slices.Sort(out)
	return out, nil
}

// fileResults moves loaded and skipped files to the archive and writes a
// .rejects.csv beside every file with rejected rows or a failure. It
// returns how many files failed.
func (a *app) fileResults(ctx context.Context, results []etl.Result, archive string) (int, error) {
	failed := 0
	for _, r := range results {
		dest := r.File
		if r.Status == etl.StatusFailed {
			failed++
		} else {
			dest = archivePath(archive, r.File)
			if err := os.Rename(r.File, dest); err != nil {
				return failed, fmt.Errorf("archive %s: %w", r.File, err)
			}
			_ = os.Remove(r.File + ".rejects.csv") // from an earlier failed try
		}
		if r.Status == etl.StatusFailed || r.Rejected > 0 {
			if err := a.writeRejects(ctx, r, dest+".rejects.csv"); err != nil {
				return failed, err
			}
		}
	}
	return failed, nil
}

// archivePath is where a file goes in the archive; a name already there
// gets a number.
func archivePath(archive, file string) string {
	base := filepath.Base(file)
	dest := filepath.Join(archive, base)
	ext := filepath.Ext(base)
	for i := 2; fileExists(dest); i++ {
		dest = filepath.Join(archive, strings.TrimSuffix(base, ext)+"."+strconv.Itoa(i)+ext)
	}
	return dest
}

// writeRejects writes the file's rejected rows (from the rejects table) and
// its error as CSV: line,column,value,reason.
func (a *app) writeRejects(ctx context.Context, r etl.Result, path string) error {
	rejects := r.Rejects
	if r.LoadID > 0 {
		w, err := a.openReadOnly(ctx)
		if err != nil {
			return err
		}
		stored, err := etl.RejectsOf(ctx, w.DB, r.LoadID)
		w.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", r.File, err)
		}
		if len(stored) > 0 {
			rejects = stored
		}
	}
	rows := [][]string{{"line", "column", "value", "reason"}}
	for _, rj := range rejects {
		line := ""
		if rj.Line > 0 {
			line = strconv.FormatInt(rj.Line, 10)
		}
		rows = append(rows, []string{line, rj.Column, rj.Value, rj.Reason})
	}
	if r.Err != nil {
		rows = append(rows, []string{"", "", "", r.Err.Error()})
	}
	return writeFileAtomic(path, func(f io.Writer) error {
		cw := csv.NewWriter(f)
		if err := cw.WriteAll(rows); err != nil {
			return err
		}
		return cw.Error()
	})
}

// writeWeekReports writes the reports of the latest complete week into dir
// and refreshes index.html; it returns the paths written. The region's
// reports are printed to PDF (run.pdf), and every office's too with
// officePDFs (pantau run; the demo prints the region's only, to stay quick).
func (a *app) writeWeekReports(ctx context.Context, dir string, officePDFs bool) ([]string, error) {
	w, err := a.openReadOnly(ctx)
	if err != nil {
		return nil, err
	}
	defer w.Close()
	r, err := reports.NewRenderer()
	if err != nil {
		return nil, err
	}
	opt := reports.Options{Lang: reports.Indonesian}
	a.reportOptions(&opt)
	opt.Plan = reports.OncePerWeek(opt.Plan) // one plan for the region's and every office's reports
	opt.Shared = reports.NewShared()         // one survey index for them all
	week, err := kpi.LatestWeek(ctx, w.DB)
	if err != nil {
		return nil, err
	}
	opt.Week = week
	var written []string
	for _, kind := range reports.Kinds() {
		path, err := a.writeReport(ctx, w.DB, r, kind, opt, "", dir)
		if err != nil {
			return written, err
		}
		written = append(written, path)
	}
	offices, err := a.writeOfficeReports(ctx, w.DB, r, opt, dir)
	toPrint := slices.Clone(written)
	written = append(written, offices...)
	if err != nil {
		return written, err
	}
	if officePDFs {
		toPrint = append(toPrint, offices...)
	}
	pdfs, err := a.writePDFs(ctx, toPrint)
	if err != nil {
		return written, err
	}
	written = append(written, pdfs...)
	for _, spec := range reports.Specs() {
		if !spec.Run || !spec.Writes(reports.FormatText) {
			continue
		}
		attachment := reports.FileName(spec.Kind, week, "", opt.Lang)
		textPath := filepath.Join(dir, strings.TrimSuffix(attachment, ".html")+".txt")
		if err := a.writeText(ctx, w.DB, spec, opt, textPath); err != nil {
			return written, err
		}
		written = append(written, textPath)
	}
	index, err := a.writeIndex(ctx, w.DB, r, dir)
	if err != nil {
		return written, err
	}
	return append(written, index), nil
}

// writeOfficeReports writes the reports marked Spec.PerOffice (the weekly
// report) of each office active in the week (kpi.ActiveOffices:
// service events in that week) into dir, for the camat and the head of
// each service point; run.offices: false turns them off. It returns the
// paths written.
func (a *app) writeOfficeReports(ctx context.Context, db *sql.DB, r *page.Renderer, opt reports.Options, dir string) ([]string, error) {
	if !a.cfg.Run.OfficeReports() {
		return nil, nil
	}
	start := a.now()
	offices, err := kpi.ActiveOffices(ctx, db, a.cfg.RegionCode, opt.Week)
	if err != nil {
		return nil, err
	}
	var written []string
	for _, o := range offices {
		oopt := opt
		oopt.Office = o.Code
		for _, spec := range reports.Specs() {
			if !spec.Run || !spec.PerOffice {
				continue
			}
			path, err := a.writeReport(ctx, db, r, spec.Kind, oopt, "", dir)
			if err != nil {
				return written, fmt.Errorf("office %s: %w", o.Code, err)
			}
			written = append(written, path)
		}
	}
	a.logger.Info("office reports written", "files", len(written), "took", a.now().Sub(start).Round(time.Millisecond))
	return written, nil
}

// writeIndex lists every report in dir in dir/index.html.
func (a *app) writeIndex(ctx context.Context, db *sql.DB, r *page.Renderer, dir string) (string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	var list []reports.IndexEntry
	for _, e := range entries {
		if ie, ok := reports.ParseFileName(e.Name()); ok && !e.IsDir() {
			if pdf := withExt(ie.File, ".pdf"); fileExists(filepath.Join(dir, pdf)) {
				ie.PDF = pdf
			}
			list = append(list, ie)
		}
	}
	region, err := kpi.RegionName(ctx, db, a.cfg.RegionCode)
	if err != nil {
		return "", err
	}
	offices, err := kpi.Offices(ctx, db, a.cfg.RegionCode)
	if err != nil {
		return "", err
	}
	named := make([]reports.IndexOffice, 0, len(offices))
	for _, o := range offices {
		named = append(named, reports.IndexOffice{Code: o.Code, Name: o.ShortName, Kecamatan: o.KecamatanName, Type: o.Type})
	}
	path := filepath.Join(dir, "index.html")
	err = writeFileAtomic(path, func(f io.Writer) error {
		return reports.WriteIndex(f, r, reports.Indonesian, region, a.now().In(a.cfg.Location()), list, named)
	})
	return path, err
}
