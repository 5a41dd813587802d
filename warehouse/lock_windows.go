package warehouse

import (
	"errors"
	"os"
	"strings"

	"golang.org/x/sys/windows"
)

// heldByOtherProcess reports a warehouse another process holds open: on
// Windows a writer's file cannot be opened at all, so DuckDB fails with the
// sharing violation ("being used by another process", in the PC's own
// language) instead of its lock error. The English text is recognised, and
// any other text by opening the file here and meeting the same violation.
func heldByOtherProcess(path string, err error) bool {
	if strings.Contains(err.Error(), "being used by another process") {
		return true
	}
	f, oerr := os.Open(path)
	if oerr == nil {
		f.Close()
		return false
	}
	return errors.Is(oerr, windows.ERROR_SHARING_VIOLATION)
}
