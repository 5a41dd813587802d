package browser

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Shot says what Screenshot takes: the page laid out Width CSS pixels wide
// at Scale device pixels per CSS pixel (the image is Width×Scale pixels
// wide), cut below the last of the elements that Selectors match.
type Shot struct {
	Width     int
	Scale     float64
	Selectors []string // CSS selectors; none: the whole page
	// MaxHeight, when positive, bounds the image's height in CSS pixels:
	// a taller shot ends below the lowest element Breaks match that fits.
	MaxHeight int
	Breaks    []string
}

// Screenshot renders the HTML file as a PNG image, from the top of the page
// to the bottom of the elements shot.Selectors match.
func (b *Browser) Screenshot(ctx context.Context, file string, shot Shot) ([]byte, error) {
	if shot.Width <= 0 || shot.Scale <= 0 {
		return nil, fmt.Errorf("screenshot %s: width %d and scale %v must be positive", file, shot.Width, shot.Scale)
	}
	tctx, cancel, err := b.open(ctx, file, view{width: int64(shot.Width), height: 800, scale: shot.Scale, media: "screen"})
	if err != nil {
		return nil, err
	}
	defer cancel()
	bottom, err := chromedp.Run(tctx, chromedp.Evaluate[float64](bottomJS(shot.Selectors)))
	if err == nil && shot.MaxHeight > 0 && bottom > float64(shot.MaxHeight) {
		bottom, err = chromedp.Run(tctx, chromedp.Evaluate[float64](breakJS(shot.Breaks, shot.MaxHeight)))
	}
	if err != nil {
		return nil, fmt.Errorf("screenshot %s: %w", file, err)
	}
	if bottom <= 0 {
		return nil, fmt.Errorf("screenshot %s: nothing matches %q", file, shot.Selectors)
	}
	res, err := chromedp.Call(tctx, page.CaptureScreenshot, page.CaptureScreenshotParams{Format: page.CaptureScreenshotFormatPng,
		CaptureBeyondViewport: new(true), Clip: &page.Viewport{X: 0, Y: 0, Width: float64(shot.Width), Height: bottom, Scale: 1}})
	if err != nil {
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		return nil, fmt.Errorf("screenshot %s: %w", file, err)
	}
	return res.Data, nil
}

// bottomJS is the page y, in CSS pixels, just below the lowest element the
// selectors match (the whole page without selectors), with a margin.
func bottomJS(selectors []string) string {
	if len(selectors) == 0 {
		return `Math.ceil(document.documentElement.scrollHeight)`
	}
	list, _ := json.Marshal(selectors) // strings always marshal
	return `(function (sels) {
  var bottom = 0;
  sels.forEach(function (s) {
    document.querySelectorAll(s).forEach(function (el) {
      var r = el.getBoundingClientRect();
      bottom = Math.max(bottom, r.bottom + window.scrollY);
    });
  });
  return bottom > 0 ? Math.ceil(bottom + 16) : 0;
})(` + string(list) + `)`
}

// breakJS is the page y, in CSS pixels, just below the lowest element the
// selectors match that ends above max (with a small margin),
// or max when none does.
func breakJS(selectors []string, max int) string {
	list, _ := json.Marshal(selectors) // strings always marshal
	return fmt.Sprintf(`(function (sels, max) {
  var bottom = 0;
  sels.forEach(function (s) {
    document.querySelectorAll(s).forEach(function (el) {
      var b = el.getBoundingClientRect().bottom + window.scrollY + 4;
      if (b <= max) { bottom = Math.max(bottom, b); }
    });
  });
  return bottom > 0 ? Math.ceil(bottom) : max;
})(%s, %d)`, list, max)
}
