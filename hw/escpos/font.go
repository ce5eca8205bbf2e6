package escpos

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// Glyphs draws a line of text that the printer's own font cannot print,
// so it can go to the printer as a raster image. The driver has no font
// of its own: cmd passes one in (a *Font over the TrueType face the
// appliance embeds), so hw needs nothing from embedded.
type Glyphs interface {
	// DrawLine draws text as one printed line in style st, laid out as
	// the printer lays out its own characters (12 dots per ASCII
	// character, 24 per other character, 24 dots tall, each times the
	// style's magnification), black on white. It fails with an error
	// matching ErrNoGlyph when it has no glyph for a character.
	DrawLine(text string, st Style) (*image.Gray, error)
}

// Font draws text with a TrueType or OpenType font in the printer's
// layout. It implements Glyphs, and the simulator draws its receipts with
// it. Safe for concurrent use.
type Font struct {
	f *sfnt.Font

	mu    sync.Mutex
	buf   sfnt.Buffer
	faces map[int]*faceAt // by cell height in dots
}

type faceAt struct {
	face     font.Face
	baseline int // dots from the top of the cell
}

// ParseFont parses a TrueType/OpenType font (one face; for a collection,
// extract the face first).
func ParseFont(ttf []byte) (*Font, error) {
	f, err := opentype.Parse(ttf)
	if err != nil {
		return nil, fmt.Errorf("printer font: %w — pass a TrueType or OpenType font file", err)
	}
	return &Font{f: f, faces: map[int]*faceAt{}}, nil
}

// Has reports whether the font has a glyph for r.
func (f *Font) Has(r rune) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.has(r)
}

func (f *Font) has(r rune) bool {
	if r == ' ' {
		return true
	}
	i, err := f.f.GlyphIndex(&f.buf, r)
	return err == nil && i != 0
}

// DrawLine implements Glyphs.
func (f *Font) DrawLine(text string, st Style) (*image.Gray, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var missing []rune
	for _, r := range text {
		if !f.has(r) {
			missing = append(missing, r)
		}
	}
	if len(missing) > 0 {
		return nil, noGlyph(missing)
	}
	w, h := st.width(), st.height()
	img := image.NewGray(image.Rect(0, 0, max(textColumns(text)*fontAWidth*w, 1), LineHeight*h))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	f.drawText(img, 0, 0, text, w, h, st.Bold)
	return img, nil
}

// DrawText draws text onto dst with the top left of its first character
// cell at (x, y), in the printer's layout at magnification w × h, and
// returns the width drawn in dots. A character the font lacks is drawn as
// an empty box, as a printer shows an unknown code.
func (f *Font) DrawText(dst draw.Image, x, y int, text string, w, h int, bold bool) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.drawText(dst, x, y, text, clamp(w, 1, maxMagnification), clamp(h, 1, maxMagnification), bold)
}

func (f *Font) drawText(dst draw.Image, x, y int, text string, w, h int, bold bool) int {
	cellH := LineHeight * h
	fa := f.face(cellH)
	start := x
	for _, r := range text {
		cellW := columns(r) * fontAWidth
		if r != ' ' {
			// Draw at h × h, then stretch to w × h. A glyph wider than its
			// cell (m, W in a proportional font) is drawn whole and
			// squeezed into the cell, as a printer's fixed-pitch font has it.
			adv, _ := fa.face.GlyphAdvance(r)
			glyph := image.NewAlpha(image.Rect(0, 0, max(cellW*h, adv.Ceil()), cellH))
			if f.has(r) {
				gx := fixed.I(glyph.Bounds().Dx()/2) - adv/2
				d := font.Drawer{Dst: glyph, Src: image.Opaque, Face: fa.face, Dot: fixed.Point26_6{X: gx, Y: fixed.I(fa.baseline)}}
				d.DrawString(string(r))
				if bold {
					d.Dot = fixed.Point26_6{X: gx + fixed.I(max(h, 1)), Y: fixed.I(fa.baseline)}
					d.DrawString(string(r))
				}
			} else {
				tofu(glyph, h)
			}
			stretch(dst, glyph, x, y, cellW*w)
		}
		x += cellW * w
	}
	return x - start
}

// face returns the face whose ascent plus descent fills cellH dots.
func (f *Font) face(cellH int) *faceAt {
	if fa, ok := f.faces[cellH]; ok {
		return fa
	}
	size := float64(cellH)
	face, err := opentype.NewFace(f.f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
	if err == nil {
		m := face.Metrics()
		if total := (m.Ascent + m.Descent).Ceil(); total > cellH {
			size = size * float64(cellH) / float64(total)
			if smaller, err := opentype.NewFace(f.f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull}); err == nil {
				face = smaller
			}
		}
	}
	fa := &faceAt{face: face, baseline: face.Metrics().Ascent.Round()}
	f.faces[cellH] = fa
	return fa
}

// tofu draws an empty box in a glyph cell.
func tofu(a *image.Alpha, h int) {
	b := a.Bounds().Inset(2 * h)
	for x := b.Min.X; x < b.Max.X; x++ {
		for t := range h {
			a.SetAlpha(x, b.Min.Y+t, color.Alpha{A: 0xFF})
			a.SetAlpha(x, b.Max.Y-1-t, color.Alpha{A: 0xFF})
		}
	}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for t := range h {
			a.SetAlpha(b.Min.X+t, y, color.Alpha{A: 0xFF})
			a.SetAlpha(b.Max.X-1-t, y, color.Alpha{A: 0xFF})
		}
	}
}

// stretch draws the coverage mask src in black onto dst at (x, y), scaled
// horizontally to width (nearest neighbour), darkening what is there.
func stretch(dst draw.Image, src *image.Alpha, x, y, width int) {
	sb := src.Bounds()
	sw := sb.Dx()
	for dy := range sb.Dy() {
		for dx := range width {
			a := src.AlphaAt(dx*sw/width, dy).A
			if a == 0 {
				continue
			}
			old := color.GrayModel.Convert(dst.At(x+dx, y+dy)).(color.Gray).Y
			dst.Set(x+dx, y+dy, color.Gray{Y: min(old, 255-a)})
		}
	}
}
