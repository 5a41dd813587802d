package encode

import "io"

// Records writes records (one value per column, rendered as Rows renders a
// query's values: times in ISO form, nil as NULL in a table) as an aligned
// table ("table" or anything else), CSV or JSON (an array of objects): what
// a command prints of rows it computed rather than queried.
func Records(w io.Writer, format string, cols []string, records [][]any) error {
	var emit func([]any) error
	var finish func() error
	var err error
	switch format {
	case "csv":
		emit, finish, err = csvRows(w, cols)
	case "json":
		emit, finish, err = jsonRows(w, cols)
	default:
		emit, finish, err = tableRows(w, cols)
	}
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
