package browser

import (
	"context"
	"fmt"
	"net/url"
	"path/filepath"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Browser is one headless Chromium; each PrintPDF or Screenshot opens the
// file in a tab of its own. Close it when done.
type Browser struct {
	ctx    context.Context // the browser's first tab; new tabs derive from it
	cancel func()
}

// Start starts the Chromium at path (see Find) headless, with a fresh
// profile in a temporary folder and without any background networking.
// The browser ends when ctx ends or Close is called.
func Start(ctx context.Context, path string) (*Browser, error) {
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true), chromedp.Flag("disable-extensions", true),
		chromedp.Flag("hide-scrollbars", true), chromedp.Flag("font-render-hinting", "none"),
	}
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	b := &Browser{ctx: bctx, cancel: func() { bcancel(); acancel() }}
	if err := chromedp.Do(bctx); err != nil {
		b.cancel()
		return nil, fmt.Errorf("start %s: %w", path, err)
	}
	return b, nil
}

// Close ends the browser and removes its profile.
func (b *Browser) Close() error {
	err := chromedp.Cancel(b.ctx)
	b.cancel()
	return err
}

// view is how a page is opened: the viewport in CSS pixels, the device
// pixel ratio and the CSS media type.
type view struct {
	width, height int64
	scale         float64
	media         string // screen or print
}

// open opens file in a new tab laid out as v, with every request other
// than the file itself refused, and waits until its charts have drawn.
// The tab lives until ctx ends or the returned cancel is called.
func (b *Browser) open(ctx context.Context, file string, v view) (context.Context, func(), error) {
	abs, err := filepath.Abs(file)
	if err != nil {
		return nil, nil, err
	}
	fileURL := (&url.URL{Scheme: "file", Path: abs}).String()
	tctx, tcancel := chromedp.NewContext(b.ctx)
	stop := context.AfterFunc(ctx, tcancel)
	cancel := func() { stop(); tcancel() }
	fail := func(what string, err error) (context.Context, func(), error) {
		cancel()
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		return nil, nil, fmt.Errorf("%s %s: %w", what, file, err)
	}
	err = chromedp.Listen(tctx, func(ev any) {
		if ev, ok := ev.(*fetch.EventRequestPaused); ok {
			id, u := ev.RequestID, ev.Request.URL
			go func() { // a listener must not block on a command
				if u == fileURL {
					_, _ = chromedp.Call(tctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: id})
					return
				}
				_, _ = chromedp.Call(tctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: id, ErrorReason: network.ErrorReasonBlockedByClient})
			}()
		}
	})
	if err != nil {
		return fail("open", err)
	}
	if _, err := chromedp.Call(tctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*"}}}); err != nil {
		return fail("open", err)
	}
	if _, err := chromedp.Call(tctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: v.width, Height: v.height, DeviceScaleFactor: v.scale}); err != nil {
		return fail("size the viewport for", err)
	}
	if _, err := chromedp.Call(tctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: v.media}); err != nil {
		return fail("set the media of", err)
	}
	if err := chromedp.Do(tctx, chromedp.Navigate(fileURL)); err != nil {
		return fail("open", err)
	}
	// The runner draws the charts at the end of the body; ECharts paints
	// on the next animation frame. Two frames and the fonts make sure.
	if _, err := chromedp.Run(tctx, chromedp.Evaluate[bool](settledJS, chromedp.EvalAwaitPromise)); err != nil {
		return fail("wait for", err)
	}
	return tctx, cancel, nil
}

const settledJS = `document.fonts.ready.then(function () {
  return new Promise(function (resolve) {
    requestAnimationFrame(function () { requestAnimationFrame(function () { resolve(true); }); });
  });
})`
