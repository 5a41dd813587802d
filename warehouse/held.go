package warehouse

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// HeldError reports that a program other than pantau holds the warehouse
// (an analyst's DBeaver, DuckDB CLI or notebook); errors.Is(err, ErrBusy)
// holds for it too. Program is empty when the system did not name it.
type HeldError struct {
	Program string
	PID     int
}

func (e *HeldError) Error() string {
	if e.Program == "" {
		return "the warehouse is held open by another program (Windows did not say which: DBeaver, the DuckDB CLI, a notebook?): close it there; analysts should open the analysts' copy (pantau publish) instead"
	}
	return fmt.Sprintf("the warehouse is held by %s (PID %d): close it there; analysts should open the analysts' copy (pantau publish) instead", e.Program, e.PID)
}

// Holder names the holder for advice: its program and PID, or, unnamed,
// the program that holds it.
func (e *HeldError) Holder() string {
	if e.Program == "" {
		return "the program that holds the warehouse (DBeaver, the DuckDB CLI, a notebook?)"
	}
	return fmt.Sprintf("%s (PID %d)", e.Program, e.PID)
}

// Is makes a HeldError an ErrBusy.
func (e *HeldError) Is(target error) bool { return target == ErrBusy }

// BusyError reports that another pantau holds the warehouse (a load, or a
// report that reads while a load waits); errors.Is(err, ErrBusy) holds.
type BusyError struct{ PID int }

func (e *BusyError) Error() string {
	return fmt.Sprintf("the warehouse is busy: a load is running (pantau, PID %d); try again when it has finished", e.PID)
}

// Is makes a BusyError an ErrBusy.
func (e *BusyError) Is(target error) bool { return target == ErrBusy }

// holder is a process that holds the warehouse open.
type holder struct {
	Program string // the executable's path, or "" when unnamed
	PID     int
}

// lockHolder finds the holder in DuckDB's lock error: "Conflicting lock is
// held in /usr/bin/node (PID 21356) by user ...".
var lockHolder = regexp.MustCompile(`Conflicting lock is held in (.+?) \(PID (\d+)\)`)

// heldBy is the error of a lock conflict on path whose wait ran out: the
// holder comes from DuckDB's error (Linux, macOS) or from the system
// (osHolder: Windows, whose sharing violation names nobody). It is a
// BusyError when the holder is pantau, a HeldError naming any other (or,
// on Windows, an unnamed one), and ErrBusy when nothing tells who.
func heldBy(path string, err error) error {
	var h holder
	switch m := lockHolder.FindStringSubmatch(err.Error()); {
	case m != nil:
		pid, _ := strconv.Atoi(m[2])
		h = holder{Program: m[1], PID: pid}
	case isLockConflict(err): // DuckDB's lock error without its holder
		return ErrBusy
	default: // a sharing violation (Windows)
		var named bool
		if h, named = osHolder(path); !named {
			return ErrBusy
		}
	}
	switch {
	case isPantau(h.Program):
		return &BusyError{PID: h.PID}
	default:
		return &HeldError{Program: h.Program, PID: h.PID}
	}
}

// isPantau tells pantau's executable (or its test binary) by its name.
func isPantau(program string) bool {
	base := strings.ToLower(filepath.Base(strings.ReplaceAll(program, `\`, "/")))
	return base == "pantau" || base == "pantau.exe" || strings.HasSuffix(base, ".test") || strings.HasSuffix(base, ".test.exe")
}
