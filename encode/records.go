package encode

import "io"

// Records writes records (one value per column, rendered as Rows renders a
// query's values: times in ISO form, nil as NULL in a table) as an aligned
// table ("table" or anything else), CSV or JSON (an array of objects): what
// a command prints of rows it computed rather than queried.
func Records(w io.Writer, format string, cols []string, records [][]any) error {
	emit, finish, err := textRows(w, format, cols)
	if err != nil {
		return err
	}
	for _, r := range records {
		if err := emit(r); err != nil {
			return err
		}
	}
	return finish()
}
