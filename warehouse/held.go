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
// holds for it too.
type HeldError struct {
	Program string
	PID     int
}

func (e *HeldError) Error() string {
	return fmt.Sprintf("the warehouse is held by %s (PID %d): close it there; analysts should open the analysts' copy (pantau publish) instead", e.Program, e.PID)
}

// Is makes a HeldError an ErrBusy.
func (e *HeldError) Is(target error) bool { return target == ErrBusy }

// lockHolder finds the holder in DuckDB's lock error: "Conflicting lock is
// held in /usr/bin/node (PID 21356) by user ...".
var lockHolder = regexp.MustCompile(`Conflicting lock is held in (.+?) \(PID (\d+)\)`)

// heldBy is the error of a lock conflict whose wait ran out: ErrBusy when
// the holder is pantau (a load) or unnamed, else a HeldError naming it.
func heldBy(err error) error {
	m := lockHolder.FindStringSubmatch(err.Error())
	if m == nil {
		return ErrBusy
	}
	pid, _ := strconv.Atoi(m[2])
	base := strings.ToLower(filepath.Base(strings.ReplaceAll(m[1], `\`, "/")))
	if base == "pantau" || base == "pantau.exe" || strings.HasSuffix(base, ".test") || strings.HasSuffix(base, ".test.exe") {
		return ErrBusy
	}
	return &HeldError{Program: m[1], PID: pid}
}
