package escpos

import (
	"errors"
	"fmt"
	"image"
	"image/draw"
)

// lineGap is the blank space under a line of text: the printer's default
// line spacing is 30 dots (ESC 2), of which the characters take 24. A
// line drawn as an image gets the same gap, so it lines up with the text.
const lineGap = 6

// defaultQRModule is the module size a QR code gets when the document
// does not say; smaller sizes are used when the symbol would not fit.
const defaultQRModule = 6

// Render encodes d for a printer with profile p. Text goes as GB18030 in
// Kanji mode; a line with characters the printer's font lacks is drawn by
// g and sent as a raster image (nil g: such a line fails with an error
// matching ErrNoGlyph); a QR code goes as GS ( k, or as an image when the
// model has no QR command. The bytes start with ESC @ and end with a cut
// (or a feed past the tear bar).
func (d *Doc) Render(p Profile, g Glyphs) ([]byte, error) {
	r := renderer{p: p.withDefaults(), g: g}
	r.enc.Initialize().KanjiMode(true)
	r.cur = Style{Width: 1, Height: 1}
	cut := false
	for _, b := range d.blocks {
		var err error
		cut = false
		switch b.kind {
		case blockText, blockRow, blockRule:
			for _, l := range layoutText(b, r.p) {
				if err = r.textLine(l); err != nil {
					break
				}
			}
		case blockQR:
			err = r.qrCode(b.text, b.qr)
		case blockImage:
			err = r.image(b.img, b.style.Align)
		case blockFeed:
			r.enc.PrintAndFeedLines(b.lines)
		case blockCut:
			r.cut()
			cut = true
		}
		if err != nil {
			return nil, err
		}
	}
	if !cut {
		r.cut()
	}
	return r.enc.Bytes(), nil
}

type renderer struct {
	p   Profile
	g   Glyphs
	enc Encoder
	cur Style // the style the printer is in
}

// style sends the commands that change the printer's style to st.
func (r *renderer) style(st Style) {
	if st.Align != r.cur.Align {
		r.enc.Align(st.Align)
	}
	if st.width() != r.cur.width() || st.height() != r.cur.height() {
		r.enc.CharacterSize(st.width(), st.height())
	}
	if st.Bold != r.cur.Bold {
		r.enc.Emphasized(st.Bold)
	}
	r.cur = Style{Align: st.Align, Bold: st.Bold, Width: st.width(), Height: st.height()}
}

// textLine prints one laid-out line: from the printer's font when it has
// every character, otherwise drawn.
func (r *renderer) textLine(l printedLine) error {
	var text []byte
	var missing []rune
	for _, c := range l.text {
		if b := encodeRune(c, r.p); b != nil {
			text = append(text, b...)
		} else {
			missing = append(missing, c)
		}
	}
	if len(missing) == 0 {
		r.style(l.style)
		r.enc.Text(text).LineFeed()
		return nil
	}
	if r.g == nil {
		return noGlyph(missing)
	}
	img, err := r.g.DrawLine(l.text, l.style)
	if err != nil {
		return err
	}
	withGap := image.NewGray(image.Rect(0, 0, img.Bounds().Dx(), img.Bounds().Dy()+lineGap*l.style.height()))
	draw.Draw(withGap, withGap.Bounds(), image.White, image.Point{}, draw.Src)
	draw.Draw(withGap, img.Bounds(), img, img.Bounds().Min, draw.Src)
	return r.image(withGap, l.style.Align)
}

// image prints img as raster bands, aligned by padding it to the paper
// width (printers differ in whether ESC a moves raster images).
func (r *renderer) image(img image.Image, align Align) error {
	if img == nil || img.Bounds().Empty() {
		return ErrBadDocument.with(nil, errors.New("empty image"))
	}
	bm := monochrome(img, r.p.PrintableDots, align)
	if err := r.enc.RasterImage(bm.widthBytes, bm.height, bm.bits); err != nil {
		return ErrBadDocument.with(nil, err)
	}
	return nil
}

// qrCode prints data as a QR code: natively when the model can, else as
// an image of the same symbol.
func (r *renderer) qrCode(data string, q QR) error {
	level := q.Level
	if level < QRLevelL || level > QRLevelH {
		level = QRLevelM
	}
	code, err := qrSymbol(data, level)
	if err != nil || len(data) > qrMaxData {
		e := ErrQRTooLong.with(map[string]any{"Bytes": len(data)}, err)
		return e
	}
	size := q.ModuleSize
	if size <= 0 {
		size = defaultQRModule
	}
	size = min(size, qrMaxModule, r.p.PrintableDots/code.Size)
	if size < 1 {
		return ErrQRTooLong.with(map[string]any{"Bytes": len(data)},
			fmt.Errorf("a %d-module symbol is wider than %d dots", code.Size, r.p.PrintableDots))
	}
	if !r.p.NativeQR {
		img, err := QRImage(data, level, size)
		if err != nil {
			return ErrQRTooLong.with(map[string]any{"Bytes": len(data)}, err)
		}
		return r.image(img, q.Align)
	}
	r.style(Style{Align: q.Align, Bold: r.cur.Bold, Width: r.cur.Width, Height: r.cur.Height})
	if err := r.enc.QRCode([]byte(data), size, level); err != nil {
		return ErrQRTooLong.with(map[string]any{"Bytes": len(data)}, err)
	}
	return nil
}

// cut ends a part: feed past the tear bar, and cut when there is a cutter
// (GS V Function B feeds to the cutter by itself).
func (r *renderer) cut() {
	if r.p.FeedLines > 0 {
		r.enc.PrintAndFeedLines(r.p.FeedLines)
	}
	if r.p.Cutter {
		r.enc.FeedAndCut(false, 0)
	}
}
