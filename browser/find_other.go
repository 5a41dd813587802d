//go:build !windows

package browser

// installed lists nothing: outside Windows, Chromium is found on PATH.
func installed(func(string) string) []string { return nil }
