package sim

import (
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"

	"bianmin/hw/escpos"
)

// Margins of a rendered receipt, in dots (pixels).
const (
	marginX = 16
	marginY = 16
	cutBand = 12 // the cut or tear line at the bottom
	// maxHeight bounds the picture of a runaway receipt (two metres of
	// paper); what lies below is not drawn.
	maxHeight = 16000
)

var paperColor = color.Gray{Y: 0xFF}

// Image draws the receipt as it came out of the printer, one pixel per
// dot: text in the printer's layout with font (nil: grey bars where the
// text is), QR codes drawn from their data, images dot for dot, and a
// dashed cut line or a ragged tear at the bottom.
func (r Receipt) Image(font *escpos.Font) *image.Gray {
	height := marginY*2 + cutBand
	for _, it := range r.Items {
		height = min(height+r.itemHeight(it), maxHeight)
	}
	img := image.NewGray(image.Rect(0, 0, r.PaperDots+2*marginX, height))
	draw.Draw(img, img.Bounds(), image.NewUniform(paperColor), image.Point{}, draw.Src)
	y := marginY
	for _, it := range r.Items {
		if y+r.itemHeight(it) > height-marginY-cutBand {
			break
		}
		r.drawItem(img, it, y, font)
		y += r.itemHeight(it)
	}
	r.drawEnd(img, y+cutBand/2)
	return img
}

// PNG writes Image(font) as a PNG.
func (r Receipt) PNG(w io.Writer, font *escpos.Font) error {
	return png.Encode(w, r.Image(font))
}

// itemHeight is the paper an item takes, in dots.
func (r Receipt) itemHeight(it Item) int {
	spacing := max(it.Spacing, 0)
	switch it.Kind {
	case ItemText:
		h := 1
		for _, run := range it.Runs {
			h = max(h, run.Height)
		}
		return escpos.LineHeight*h + max(spacing-escpos.LineHeight, 0)
	case ItemQR:
		if img, err := escpos.QRImage(it.QR.Data, it.QR.Level, it.QR.ModuleSize); err == nil {
			return img.Bounds().Dy()
		}
		return escpos.LineHeight
	case ItemImage:
		return it.Image.Height
	case ItemBarcode:
		return 3 * escpos.LineHeight
	}
	return spacing * it.Lines
}

// left is where something width dots wide starts on the paper.
func (r Receipt) left(align escpos.Align, width int) int {
	switch align {
	case escpos.AlignCenter:
		return marginX + max(r.PaperDots-width, 0)/2
	case escpos.AlignRight:
		return marginX + max(r.PaperDots-width, 0)
	}
	return marginX
}

func (r Receipt) drawItem(img *image.Gray, it Item, y int, font *escpos.Font) {
	switch it.Kind {
	case ItemText:
		r.drawText(img, it, y, font)
	case ItemQR:
		sym, err := escpos.QRImage(it.QR.Data, it.QR.Level, it.QR.ModuleSize)
		if err != nil {
			return
		}
		x := r.left(it.Align, sym.Bounds().Dx())
		draw.Draw(img, sym.Bounds().Add(image.Pt(x, y)), sym, image.Point{}, draw.Src)
	case ItemImage:
		x := r.left(it.Align, it.Image.WidthBytes*8)
		for dy := range it.Image.Height {
			for dx := range it.Image.WidthBytes * 8 {
				if it.Image.Black(dx, dy) {
					img.SetGray(x+dx, y+dy, color.Gray{})
				}
			}
		}
	case ItemBarcode:
		w := min(r.PaperDots, 12*len(it.Barcode)+48)
		x := r.left(it.Align, w)
		for dx := 0; dx < w; dx += 3 {
			for dy := range 2 * escpos.LineHeight {
				img.SetGray(x+dx, y+dy, color.Gray{})
			}
		}
	}
}

// drawText draws a line's runs on a common baseline (the bottom of the
// tallest run), as the printer does.
func (r Receipt) drawText(img *image.Gray, it Item, y int, font *escpos.Font) {
	width, tall := 0, 1
	for _, run := range it.Runs {
		width += columns(run.Text) * 12 * max(run.Width, 1)
		tall = max(tall, run.Height)
	}
	x := r.left(it.Align, width)
	for _, run := range it.Runs {
		top := y + escpos.LineHeight*(tall-run.Height)
		w := columns(run.Text) * 12 * max(run.Width, 1)
		if font != nil {
			font.DrawText(img, x, top, run.Text, run.Width, run.Height, run.Bold)
		} else {
			draw.Draw(img, image.Rect(x, top+4, x+w, top+escpos.LineHeight*run.Height-4), image.NewUniform(color.Gray{Y: 0xB0}), image.Point{}, draw.Src)
		}
		x += w
	}
}

// drawEnd draws a dashed line for a cut, a zigzag for a tear.
func (r Receipt) drawEnd(img *image.Gray, y int) {
	w := img.Bounds().Dx()
	for x := range w {
		switch r.Cut {
		case Torn:
			dy := x % 8
			if dy > 4 {
				dy = 8 - dy
			}
			img.SetGray(x, y-2+dy, color.Gray{Y: 0x80})
		default:
			if x%10 < 6 {
				img.SetGray(x, y, color.Gray{Y: 0x60})
			}
		}
	}
}
