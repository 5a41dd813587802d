package main

import "golang.org/x/sys/windows"

// holderUnnamed says why the system cannot name the program holding a
// file, or "" when it can: on Windows the Restart Manager names it, but
// Wine's is a stub.
func holderUnnamed() string {
	if windows.NewLazySystemDLL("ntdll.dll").NewProc("wine_get_version").Find() == nil {
		return "Wine's Restart Manager (rstrtmgr.dll RmGetList) is a stub that lists no process, so no holder is named here; Windows' names it"
	}
	return ""
}
