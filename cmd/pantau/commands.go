package main

import "github.com/spf13/cobra"

// commands lists every subcommand; each is built by its own constructor.
func (a *app) commands() []*cobra.Command {
	return []*cobra.Command{
		a.demoCmd(),
		a.generateCmd(),
		a.loadCmd(),
		a.sqlCmd(),
		a.kpiCmd(), a.checkCmd(),
		a.reportCmd(), a.runCmd(),
		a.forecastCmd(),
		a.exportCmd(), a.lakeCmd(),
		a.backupCmd(), a.restoreCmd(), a.publishCmd(),
	}
}
