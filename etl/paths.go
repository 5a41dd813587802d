package etl

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// expandPaths lists the files to load: a file stands for itself, a folder
// for the data files in it (see isDataFile), in name order.
func expandPaths(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			out = append(out, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := d.Name()
			if d.IsDir() || !isDataFile(name) ||
				name == "manifest.csv" || strings.HasSuffix(name, ".rejects.csv") || strings.HasPrefix(name, ".") {
				return nil
			}
			found = append(found, path)
			return nil
		})
		if err != nil {
			return nil, err
		}
		sort.Strings(found)
		out = append(out, found...)
	}
	return out, nil
}
