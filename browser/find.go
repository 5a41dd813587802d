package browser

import (
	"errors"
	"fmt"
	"os/exec"
)

// ErrNotFound reports that no Chromium was given or found on PATH.
var ErrNotFound = errors.New("no Chromium found: give --chromium PATH, set PANTAU_CHROMIUM, " +
	"or install chromium (or chromium-browser, google-chrome) on PATH, e.g. apt-get install chromium")

// names are the executables Find looks for on PATH, in order.
func names() []string { return []string{"chromium", "chromium-browser", "google-chrome"} }

// Find returns the browser to use: explicit (a --chromium flag or a
// setting) first, then env (the value of PANTAU_CHROMIUM), then the first
// of chromium, chromium-browser and google-chrome on
// PATH. An explicit or env path that does not run is an
// error of its own, not a fall-through: the user asked for that browser.
func Find(explicit, env string) (string, error) {
	for _, given := range []struct{ what, path string }{{"--chromium", explicit}, {"PANTAU_CHROMIUM", env}} {
		if given.path == "" {
			continue
		}
		p, err := exec.LookPath(given.path)
		if err != nil {
			return "", fmt.Errorf("%s %s: %w", given.what, given.path, err)
		}
		return p, nil
	}
	for _, name := range names() {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrNotFound
}
