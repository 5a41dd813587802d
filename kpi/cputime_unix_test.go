//go:build unix

package kpi_test

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time (user + system) the process has used: benchmarks
// report it beside wall time, which on a shared two-core machine varies
// with the neighbours' load.
func cpuTime() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}
