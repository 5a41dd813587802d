package browser

import (
	"context"
	"fmt"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// A4 in inches, as Chromium's printToPDF takes it.
const a4Width, a4Height = 8.27, 11.69

// printWidth is the width of an A4 page less the reports' 12 mm side
// margins (report.css @page), in CSS pixels: the page is laid out at this
// width before it prints, so the charts are drawn for the paper.
const printWidth = 703

// PrintPDF prints the HTML file to an A4 PDF with its print stylesheet:
// its @page size, margins and running headers, its page breaks, and
// selectable text. The charts are drawn at twice the screen resolution.
func (b *Browser) PrintPDF(ctx context.Context, file string) ([]byte, error) {
	tctx, cancel, err := b.open(ctx, file, view{width: printWidth, height: 1000, scale: 2, media: "print"})
	if err != nil {
		return nil, err
	}
	defer cancel()
	res, err := chromedp.Call(tctx, page.PrintToPDF, page.PrintToPDFParams{PaperWidth: a4Width, PaperHeight: a4Height,
		PreferCSSPageSize: new(true), PrintBackground: new(true), GenerateDocumentOutline: new(true)})
	if err != nil {
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		return nil, fmt.Errorf("print %s to PDF: %w", file, err)
	}
	return res.Data, nil
}
