package escpos

import (
	"image"
	"strings"
)

// Align is a line's justification.
type Align int

// Justifications (ESC a).
const (
	AlignLeft Align = iota
	AlignCenter
	AlignRight
)

func (a Align) String() string {
	switch a {
	case AlignCenter:
		return "center"
	case AlignRight:
		return "right"
	}
	return "left"
}

// Style is how a line of text prints. The zero value is normal left
// text.
type Style struct {
	Align Align
	Bold  bool
	// Width and Height magnify the characters (GS !), 1–8; 0 means 1.
	Width, Height int
}

// Common styles.
var (
	Plain  = Style{}
	Center = Style{Align: AlignCenter}
	Right  = Style{Align: AlignRight}
	// Title is a centred, bold, double-size heading.
	Title = Style{Align: AlignCenter, Bold: true, Width: 2, Height: 2}
	// Huge is the size of a queue number on a ticket.
	Huge = Style{Align: AlignCenter, Bold: true, Width: 4, Height: 4}
)

func (s Style) width() int  { return clamp(s.Width, 1, maxMagnification) }
func (s Style) height() int { return clamp(s.Height, 1, maxMagnification) }

// QR describes a QR code on a document.
type QR struct {
	// ModuleSize is the side of one module in dots, 1–16; 0 picks the
	// largest size up to 8 that fits the paper.
	ModuleSize int
	Level      QRLevel // 0 means QRLevelM
	Align      Align   // as for text, the zero value is left
}

// Doc is a document to print: a ticket, a notice, a slip, a work card.
// Build it with the methods below (each returns the Doc, so they chain),
// then hand it to Printer.Print or Device.Print, which render it for the
// printer's profile (Render). The text is already in the reader's
// language: the driver prints what it is given.
type Doc struct {
	blocks []block
}

type blockKind int

const (
	blockText blockKind = iota
	blockRow
	blockRule
	blockQR
	blockImage
	blockFeed
	blockCut
)

type block struct {
	kind        blockKind
	text, right string
	style       Style
	qr          QR
	img         image.Image
	lines       int
}

// NewDoc returns an empty document.
func NewDoc() *Doc { return &Doc{} }

// Text adds text in style st. Each "\n" starts a new line; lines longer
// than the paper wraps them (Chinese anywhere, Latin words whole).
func (d *Doc) Text(s string, st Style) *Doc {
	for _, line := range strings.Split(s, "\n") {
		d.blocks = append(d.blocks, block{kind: blockText, text: cleanLine(line), style: st})
	}
	return d
}

// Line adds one line of plain text in style st (shorthand for Text).
func (d *Doc) Line(s string, st Style) *Doc { return d.Text(s, st) }

// Row adds one line with left at the left margin and right at the right
// margin, as on a slip ("窗口 …… 3号"). When both do not fit on a line,
// right goes on a line of its own, right-aligned.
func (d *Doc) Row(left, right string, st Style) *Doc {
	d.blocks = append(d.blocks, block{kind: blockRow, text: cleanLine(left), right: cleanLine(right), style: st})
	return d
}

// Rule adds a line of dashes across the paper.
func (d *Doc) Rule() *Doc {
	d.blocks = append(d.blocks, block{kind: blockRule})
	return d
}

// QR adds a QR code holding data (a link to a LAN page, usually).
func (d *Doc) QR(data string, q QR) *Doc {
	d.blocks = append(d.blocks, block{kind: blockQR, text: data, qr: q})
	return d
}

// Image adds a picture (a logo) aligned as align says. It prints in black and white: dark pixels black. A picture wider than
// the paper is scaled down to fit.
func (d *Doc) Image(img image.Image, align Align) *Doc {
	d.blocks = append(d.blocks, block{kind: blockImage, img: img, style: Style{Align: align}})
	return d
}

// Feed adds n empty lines.
func (d *Doc) Feed(n int) *Doc {
	d.blocks = append(d.blocks, block{kind: blockFeed, lines: n})
	return d
}

// Cut ends a part of the document: the printer cuts (or feeds the paper
// past the tear bar when it has no cutter). Render ends every document
// with a cut, so Cut is only needed between parts (two copies of a slip).
func (d *Doc) Cut() *Doc {
	d.blocks = append(d.blocks, block{kind: blockCut})
	return d
}

// Lines returns the document's text as the printer will print it for
// profile p, one string per printed line: text wrapped to the paper, rows
// laid out, rules drawn, "" for a feed line; QR codes and images as
// placeholders "[QR data]" and "[image]"; between parts cut apart on a
// model without a cutter, the blank lines fed past the tear bar. Blank
// lines before a cut and at the end are not lines: they are blank paper.
// Simulators decode the printed bytes back to the same lines (see
// sim.Receipt.Lines).
func (d *Doc) Lines(p Profile) []string {
	p = p.withDefaults()
	var out []string
	for _, b := range d.blocks {
		switch b.kind {
		case blockText, blockRow, blockRule:
			for _, l := range layoutText(b, p) {
				out = append(out, l.text)
			}
		case blockQR:
			out = append(out, "[QR "+b.text+"]")
		case blockImage:
			out = append(out, "[image]")
		case blockFeed:
			for range max(b.lines, 0) {
				out = append(out, "")
			}
		case blockCut:
			if p.Cutter {
				out = trimBlank(out) // blank paper before a cut is no line
			} else { // the paper fed past the tear bar between parts
				for range p.FeedLines {
					out = append(out, "")
				}
			}
		}
	}
	return trimBlank(out)
}

// trimBlank drops the empty lines at the end of lines.
func trimBlank(lines []string) []string {
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// printedLine is one line of text as it goes to the printer.
type printedLine struct {
	text  string
	style Style
}

// layoutText lays a text, row or rule block out in printed lines.
func layoutText(b block, p Profile) []printedLine {
	cols := p.CharsPerLine / b.style.width()
	lines := func(texts []string, st Style) []printedLine {
		out := make([]printedLine, len(texts))
		for i, t := range texts {
			out[i] = printedLine{t, st}
		}
		return out
	}
	switch b.kind {
	case blockRule:
		return lines([]string{strings.Repeat("-", p.CharsPerLine)}, Style{})
	case blockRow:
		left := b.style
		left.Align = AlignLeft
		lw, rw := textColumns(b.text), textColumns(b.right)
		if lw+1+rw <= cols {
			return lines([]string{b.text + strings.Repeat(" ", cols-lw-rw) + b.right}, left)
		}
		right := b.style
		right.Align = AlignRight
		return append(lines(wrap(b.text, cols), left), lines(wrap(b.right, cols), right)...)
	}
	st := narrowToFit(b.text, b.style, p)
	return lines(wrap(b.text, p.CharsPerLine/st.width()), st)
}

// narrowToFit returns st with a smaller width magnification when the text
// then fits on one line and would not at st's (a title one character too
// long for 58 mm paper prints narrower rather than wrap one character).
func narrowToFit(text string, st Style, p Profile) Style {
	w := textColumns(text)
	if w <= p.CharsPerLine/st.width() {
		return st
	}
	for n := st.width() - 1; n >= 1; n-- {
		if w <= p.CharsPerLine/n {
			st.Width = n
			return st
		}
	}
	return st
}
