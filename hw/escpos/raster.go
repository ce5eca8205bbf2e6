package escpos

import (
	"image"
	"image/color"

	"rsc.io/qr"
)

// bitmap is a 1-bit image in the layout GS v 0 takes: rows of
// widthBytes bytes, most significant bit leftmost, 1 = black.
type bitmap struct {
	widthBytes, height int
	bits               []byte
}

// monochrome turns img into a bitmap exactly canvas dots wide (a multiple
// of 8): dark pixels (luminance below half, and not transparent) are
// black; an image wider than canvas is scaled down to fit, keeping its
// aspect; the picture sits left, centred or right as align says.
func monochrome(img image.Image, canvas int, align Align) bitmap {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	scale := 1.0
	if w > canvas {
		scale = float64(canvas) / float64(w)
		w, h = canvas, max(int(float64(h)*scale+0.5), 1)
	}
	left := 0
	switch align {
	case AlignCenter:
		left = (canvas - w) / 2
	case AlignRight:
		left = canvas - w
	}
	bm := bitmap{widthBytes: canvas / 8, height: max(h, 1)}
	bm.bits = make([]byte, bm.widthBytes*bm.height)
	for y := range h {
		for x := range w {
			if dark(sample(img, b, x, y, scale)) {
				px := left + x
				bm.bits[y*bm.widthBytes+px/8] |= 0x80 >> (px % 8)
			}
		}
	}
	return bm
}

// sample returns the source pixel under output pixel (x, y) at scale
// (≤ 1): the average of the source pixels it covers.
func sample(img image.Image, b image.Rectangle, x, y int, scale float64) color.Color {
	if scale == 1 {
		return img.At(b.Min.X+x, b.Min.Y+y)
	}
	x0, y0 := int(float64(x)/scale), int(float64(y)/scale)
	x1, y1 := max(int(float64(x+1)/scale), x0+1), max(int(float64(y+1)/scale), y0+1)
	var sum, n uint32
	for sy := y0; sy < min(y1, b.Dy()); sy++ {
		for sx := x0; sx < min(x1, b.Dx()); sx++ {
			sum += uint32(luminance(img.At(b.Min.X+sx, b.Min.Y+sy)))
			n++
		}
	}
	if n == 0 {
		return color.White
	}
	return color.Gray{Y: uint8(sum / n)}
}

// luminance of c over white paper (transparent is white).
func luminance(c color.Color) uint8 {
	r, g, b, a := c.RGBA()
	// Composite over white: c + (1 − a)·white.
	white := 0xFFFF - a
	y := (19595*(r+white) + 38470*(g+white) + 7471*(b+white) + 1<<15) >> 24
	return uint8(min(y, 255))
}

func dark(c color.Color) bool { return luminance(c) < 0x80 }

// qrLevel maps a GS ( k error correction level to rsc.io/qr's.
func qrLevel(l QRLevel) qr.Level {
	switch l {
	case QRLevelL:
		return qr.L
	case QRLevelQ:
		return qr.Q
	case QRLevelH:
		return qr.H
	}
	return qr.M
}

// qrSymbol encodes data as a QR Code at level, for drawing it (printers
// without GS ( k, the simulator) and for checking that it fits.
func qrSymbol(data string, level QRLevel) (*qr.Code, error) {
	return qr.Encode(data, qrLevel(level))
}

// QRImage draws data as a QR Code symbol at level with modules of size
// dots and no quiet zone (the paper around it is white), as a printer
// prints it with GS ( k. The simulator draws the symbols it is sent with
// it.
func QRImage(data string, level QRLevel, size int) (*image.Gray, error) {
	code, err := qrSymbol(data, level)
	if err != nil {
		return nil, err
	}
	size = max(size, 1)
	img := image.NewGray(image.Rect(0, 0, code.Size*size, code.Size*size))
	for y := range code.Size * size {
		for x := range code.Size * size {
			if code.Black(x/size, y/size) {
				img.Pix[y*img.Stride+x] = 0
			} else {
				img.Pix[y*img.Stride+x] = 0xFF
			}
		}
	}
	return img, nil
}
