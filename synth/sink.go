package synth

// sink receives the rows of one table. note is "" or, for a complaint whose
// text holds personal data, the manifest reason (phone_in_text, nik_in_text).
// The row slice may be reused by the caller after emit returns.
type sink interface {
	emit(row []cell, note string) error
}

// sinks are the five outputs of a run.
type sinks struct {
	events, deliveries, stockCounts, complaints, survey sink
}

// plainSink writes rows as they come.
type plainSink struct {
	w    rowWriter
	rows int
}

func (s *plainSink) emit(row []cell, _ string) error {
	s.rows++
	return s.w.writeRow(row)
}
