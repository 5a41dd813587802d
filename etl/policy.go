package etl

import "context"

// applyRejectPolicy is the step that fails a file whose rejected rows are
// too many: any with --strict, else a share above --max-reject-rate. An id
// conflict is a rejected row like any other (with Replace it is not
// rejected, so it does not count).
func (l *Loader) applyRejectPolicy(_ context.Context, fl *fileLoad) error {
	r := &fl.r
	r.Rejected = r.Read - fl.good
	if !fl.opt.Replace {
		r.Rejected += r.Conflicted
	}
	r.Rejects = fl.rejects[:min(len(fl.rejects), maxRejectsKept)]
	if r.Rejected == 0 {
		return nil
	}
	limit := &RejectLimitError{File: fl.display, Rejected: r.Rejected, Read: r.Read, Strict: fl.opt.Strict,
		Limit: fl.opt.MaxRejectRate, First: fl.rejects[0]}
	if fl.opt.Strict || float64(r.Rejected)/float64(r.Read) > fl.opt.MaxRejectRate {
		return limit
	}
	return nil
}
