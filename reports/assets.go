package reports

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"

	"github.com/disdukcapil-bekasi/pantau/reports/page"
)

// assets holds echarts.min.js, the tree-shaken ECharts that `make assets`
// bundles from echarts-entry.js with esbuild (both pinned in package.json);
// README.md keeps the folder present.
//
//go:embed assets
var assets embed.FS

// ErrNoAssets reports a binary built without the ECharts library.
var ErrNoAssets = errors.New("reports/assets/echarts.min.js is missing from this build: run make assets, then rebuild")

func echartsLibrary() ([]byte, error) {
	b, err := assets.ReadFile("assets/echarts.min.js")
	if errors.Is(err, fs.ErrNotExist) || (err == nil && len(b) == 0) {
		return nil, ErrNoAssets
	}
	if err != nil {
		return nil, fmt.Errorf("read echarts library: %w", err)
	}
	return b, nil
}

// NewRenderer returns a page renderer with the embedded ECharts library.
func NewRenderer() (*page.Renderer, error) {
	lib, err := echartsLibrary()
	if err != nil {
		return nil, err
	}
	return page.NewRendererWith(lib)
}
