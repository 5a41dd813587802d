package synth

import "errors"

func openMessy(cfg Config, dir string, w *world) (outputs, error) {
	return nil, errors.New("messy: not yet")
}
