package browser

// installed lists Edge's and Chrome's standard install paths.
func installed(getenv func(string) string) []string { return windowsInstalls(getenv) }
