package browser

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
)

// ErrNotFound reports that no Chromium was given or found.
var ErrNotFound = errors.New("no Chromium found: give --chromium PATH, set PANTAU_CHROMIUM, " +
	"or install chromium (or chromium-browser, google-chrome) on PATH, e.g. apt-get install chromium; " +
	"on Windows, Microsoft Edge or Google Chrome in its standard folder")

// names are the executables Find looks for on PATH, in order.
func names() []string { return []string{"chromium", "chromium-browser", "google-chrome"} }

// Find returns the browser to use: explicit (a --chromium flag or a
// setting) first, then env (the value of PANTAU_CHROMIUM), then a browser
// in its standard install folder (Edge or Chrome on Windows; see
// installed), then the first of chromium, chromium-browser and
// google-chrome on PATH. An explicit or env path that does not run is an
// error of its own, not a fall-through: the user asked for that browser.
func Find(explicit, env string) (string, error) {
	return find(explicit, env, installed(os.Getenv), exec.LookPath)
}

// find is Find with the install folders' candidates and the lookup given.
func find(explicit, env string, candidates []string, lookPath func(string) (string, error)) (string, error) {
	for _, given := range []struct{ what, path string }{{"--chromium", explicit}, {"PANTAU_CHROMIUM", env}} {
		if given.path == "" {
			continue
		}
		p, err := lookPath(given.path)
		if err != nil {
			return "", fmt.Errorf("%s %s: %w", given.what, given.path, err)
		}
		return p, nil
	}
	for _, name := range slices.Concat(candidates, names()) {
		if p, err := lookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrNotFound
}

// windowsInstalls are the places Edge and Chrome install themselves on
// Windows, in the order Find tries them: Edge first (every Windows 10/11 PC
// has it), machine-wide installs before the user's own. getenv gives
// %ProgramFiles%, %ProgramFiles(x86)% and %LocalAppData%; an unset one is
// left out.
func windowsInstalls(getenv func(string) string) []string {
	var paths []string
	for _, exe := range []string{`Microsoft\Edge\Application\msedge.exe`, `Google\Chrome\Application\chrome.exe`} {
		for _, dir := range []string{"ProgramFiles", "ProgramFiles(x86)", "LocalAppData"} {
			if d := getenv(dir); d != "" {
				paths = append(paths, d+`\`+exe)
			}
		}
	}
	return paths
}
