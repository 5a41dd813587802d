package warehouse

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unsafe"

	"golang.org/x/sys/windows"
)

// heldByOtherProcess reports a warehouse another process holds open: on
// Windows DuckDB shares its file with nobody while it writes and with
// readers only while it reads, so the open fails with a sharing violation
// ("being used by another process", in the PC's own language; "Sharing
// violation" under Wine) instead of DuckDB's lock error. Those texts are
// recognised, and any other by opening the file for writing here, which
// meets the same violation while anyone holds it.
func heldByOtherProcess(path string, err error) bool {
	msg := err.Error()
	if strings.Contains(msg, "being used by another process") || strings.Contains(msg, "Sharing violation") {
		return true
	}
	p, perr := windows.UTF16PtrFromString(path)
	if perr != nil {
		return false
	}
	h, oerr := windows.CreateFile(p, windows.GENERIC_READ|windows.GENERIC_WRITE,
		windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE|windows.FILE_SHARE_DELETE, nil, windows.OPEN_EXISTING, 0, 0)
	if oerr == nil {
		windows.CloseHandle(h)
		return false
	}
	return errors.Is(oerr, windows.ERROR_SHARING_VIOLATION)
}

// osHolder names who holds path open, Windows' sharing violation naming
// nobody: a pantau that marked the file (markHolder), else the first
// process Windows' Restart Manager lists, else an unnamed other program
// (Wine's Restart Manager lists nothing).
func osHolder(path string) (holder, bool) {
	if pid, ok := pantauHolder(path); ok {
		return holder{Program: "pantau.exe", PID: pid}, true
	}
	if hs, err := restartManagerHolders(path); err == nil && len(hs) > 0 {
		return hs[0], true
	}
	return holder{}, true
}

// markHolder writes <path>.pantau-<PID>, holding this process's start
// time, while this process holds the warehouse, so that another pantau
// meeting the sharing violation can tell a pantau from another program
// even where the Restart Manager names nobody; the returned function
// removes it. A folder that takes no file only loses that distinction.
func markHolder(path string) func() {
	start, err := processStart(windows.CurrentProcess())
	if err != nil {
		return func() {}
	}
	mark := path + ".pantau-" + strconv.Itoa(os.Getpid())
	if err := os.WriteFile(mark, []byte(strconv.FormatUint(start, 10)), 0o644); err != nil {
		return func() {}
	}
	return func() { _ = os.Remove(mark) }
}

// pantauHolder finds a live pantau among path's marks, removing the marks
// of processes that ended without removing theirs (killed); a PID reused
// since shows by its other start time.
func pantauHolder(path string) (int, bool) {
	dir, prefix := filepath.Dir(path), filepath.Base(path)+".pantau-"
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), prefix)
		pid, err := strconv.Atoi(rest)
		if !ok || err != nil {
			continue
		}
		mark := filepath.Join(dir, e.Name())
		data, err := os.ReadFile(mark)
		start, perr := strconv.ParseUint(string(data), 10, 64)
		switch {
		case err != nil || perr != nil: // being written, or unreadable
		case running(pid, start):
			return pid, true
		default:
			_ = os.Remove(mark)
		}
	}
	return 0, false
}

// stillActive is the exit code of a process that has not exited
// (STILL_ACTIVE).
const stillActive = 259

// running tells whether process pid runs and started at start.
func running(pid int, start uint64) bool {
	h, err := windows.OpenProcess(windows.PROCESS_QUERY_LIMITED_INFORMATION, false, uint32(pid))
	if err != nil {
		return false
	}
	defer windows.CloseHandle(h)
	var code uint32
	if err := windows.GetExitCodeProcess(h, &code); err != nil || code != stillActive {
		return false
	}
	got, err := processStart(h)
	return err == nil && got == start
}

func processStart(h windows.Handle) (uint64, error) {
	var created, exited, kernel, user windows.Filetime
	if err := windows.GetProcessTimes(h, &created, &exited, &kernel, &user); err != nil {
		return 0, err
	}
	return uint64(created.HighDateTime)<<32 | uint64(created.LowDateTime), nil
}

// rmProcessInfo is the Restart Manager's RM_PROCESS_INFO.
type rmProcessInfo struct {
	PID         uint32
	StartTime   windows.Filetime
	AppName     [256]uint16
	ServiceName [64]uint16
	AppType     uint32
	AppStatus   uint32
	TSSessionID uint32
	Restartable int32
}

// restartManagerHolders lists the processes that hold path open, as
// Windows' Restart Manager (rstrtmgr.dll) sees them: each by its
// executable's path when this process may query it, else by the name the
// Restart Manager gives.
func restartManagerHolders(path string) ([]holder, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	name, err := windows.UTF16PtrFromString(abs)
	if err != nil {
		return nil, err
	}
	dll := windows.NewLazySystemDLL("rstrtmgr.dll")
	start, register, list, end := dll.NewProc("RmStartSession"), dll.NewProc("RmRegisterResources"), dll.NewProc("RmGetList"), dll.NewProc("RmEndSession")
	if err := dll.Load(); err != nil {
		return nil, err
	}
	var session uint32
	var key [33]uint16 // CCH_RM_SESSION_KEY + 1
	if rc, _, _ := start.Call(uintptr(unsafe.Pointer(&session)), 0, uintptr(unsafe.Pointer(&key[0]))); rc != 0 {
		return nil, fmt.Errorf("RmStartSession: %w", windows.Errno(rc))
	}
	defer end.Call(uintptr(session))
	files := []*uint16{name}
	if rc, _, _ := register.Call(uintptr(session), 1, uintptr(unsafe.Pointer(&files[0])), 0, 0, 0, 0); rc != 0 {
		return nil, fmt.Errorf("RmRegisterResources: %w", windows.Errno(rc))
	}
	infos := make([]rmProcessInfo, 4)
	for range 3 { // the list may grow between the calls
		var needed, reasons uint32
		n := uint32(len(infos))
		rc, _, _ := list.Call(uintptr(session), uintptr(unsafe.Pointer(&needed)), uintptr(unsafe.Pointer(&n)),
			uintptr(unsafe.Pointer(&infos[0])), uintptr(unsafe.Pointer(&reasons)))
		switch windows.Errno(rc) {
		case windows.ERROR_MORE_DATA:
			infos = make([]rmProcessInfo, needed+2)
			continue
		case 0:
		default:
			return nil, fmt.Errorf("RmGetList: %w", windows.Errno(rc))
		}
		var hs []holder
		for _, info := range infos[:min(n, needed)] { // Wine's stub sets needed (0) only
			if info.PID != 0 {
				hs = append(hs, holder{Program: programOf(info), PID: int(info.PID)})
			}
		}
		return hs, nil
	}
	return nil, errors.New("RmGetList: the list kept growing")
}

// programOf is the path of the process's executable, or the Restart
// Manager's name for it.
func programOf(info rmProcessInfo) string {
	if h, err := windows.OpenProcess(windows.PROCESS_QUERY_LIMITED_INFORMATION, false, info.PID); err == nil {
		defer windows.CloseHandle(h)
		buf := make([]uint16, windows.MAX_LONG_PATH)
		size := uint32(len(buf))
		if windows.QueryFullProcessImageName(h, 0, &buf[0], &size) == nil {
			return windows.UTF16ToString(buf[:size])
		}
	}
	return windows.UTF16ToString(info.AppName[:])
}
