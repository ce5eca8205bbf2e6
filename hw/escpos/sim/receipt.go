package sim

import (
	"fmt"
	"strings"

	"bianmin/hw/escpos"
)

// ItemKind says what an Item of a receipt is.
type ItemKind int

// The kinds of things a receipt holds, top to bottom.
const (
	ItemText    ItemKind = iota // a printed line of text
	ItemFeed                    // an empty line fed (ESC d, LF on an empty line)
	ItemQR                      // a QR code printed with GS ( k
	ItemImage                   // a raster or bit image (GS v 0, ESC *)
	ItemBarcode                 // a one-dimensional barcode (GS k)
)

// Run is text printed in one style.
type Run struct {
	Text          string
	Bold          bool
	Width, Height int // magnification, 1–8
}

// QRSymbol is a QR code as the printer was asked to print it.
type QRSymbol struct {
	Data       string
	Model      int // 1, 2, or 3 for Micro QR (GS ( k Function 165 n1 − 48)
	ModuleSize int // dots
	Level      escpos.QRLevel
}

// Bitmap is a 1-bit image: rows of WidthBytes bytes, most significant bit
// leftmost, 1 = black.
type Bitmap struct {
	WidthBytes, Height int
	Bits               []byte
}

// Black reports whether the dot at (x, y) is black.
func (b Bitmap) Black(x, y int) bool {
	if x < 0 || y < 0 || x >= b.WidthBytes*8 || y >= b.Height {
		return false
	}
	return b.Bits[y*b.WidthBytes+x/8]&(0x80>>(x%8)) != 0
}

// Item is one thing on a receipt.
type Item struct {
	Kind    ItemKind
	Align   escpos.Align
	Runs    []Run     // ItemText
	QR      *QRSymbol // ItemQR
	Image   *Bitmap   // ItemImage
	Barcode string    // ItemBarcode: its data
	Lines   int       // ItemFeed: how many blank lines
	Spacing int       // dots from one line to the next (line spacing in effect)
}

// Text is the item's text: the runs joined, "[QR data]", "[image]",
// "[barcode data]", or "" for a feed (of any number of lines).
func (it Item) Text() string {
	switch it.Kind {
	case ItemText:
		var b strings.Builder
		for _, r := range it.Runs {
			b.WriteString(r.Text)
		}
		return b.String()
	case ItemQR:
		return "[QR " + it.QR.Data + "]"
	case ItemImage:
		return "[image]"
	case ItemBarcode:
		return "[barcode " + it.Barcode + "]"
	}
	return ""
}

// Cut says how a receipt ended.
type Cut int

// How a receipt can end.
const (
	Torn       Cut = iota // no cut: the printer fell silent and the paper was torn off
	FullCut               // GS V full cut
	PartialCut            // GS V partial cut (one point left uncut)
)

func (c Cut) String() string {
	switch c {
	case FullCut:
		return "cut"
	case PartialCut:
		return "partial cut"
	}
	return "torn off"
}

// Receipt is what the printer printed between two cuts.
type Receipt struct {
	Seq         int // 1, 2, … since the simulator started
	PaperMM     int // paper width, 58 or 80
	PaperDots   int // printable width in dots
	Items       []Item
	Cut         Cut
	Unprintable int // characters the printer could not print (shown as �)
}

// Lines returns the printed lines: each item's text (see Item.Text), a
// feed as that many "" lines, without the blank paper fed at the end. It
// compares with escpos.Doc.Lines.
func (r Receipt) Lines() []string {
	var out []string
	for _, it := range r.trimmed() {
		out = append(out, it.lines()...)
	}
	return out
}

// trimmed is the items without the feeds at the end.
func (r Receipt) trimmed() []Item {
	items := r.Items
	for len(items) > 0 && items[len(items)-1].Kind == ItemFeed {
		items = items[:len(items)-1]
	}
	return items
}

// lines is the item as printed lines.
func (it Item) lines() []string {
	if it.Kind == ItemFeed {
		return make([]string, it.Lines)
	}
	return []string{it.Text()}
}

// Text is the receipt as a technician reads it in a terminal: each line
// placed as the printer placed it (centred, right-aligned), double-width
// text counted double, framed by a header and the way it ended.
func (r Receipt) Text() string {
	cols := max(r.PaperDots/12, 1)
	var b strings.Builder
	fmt.Fprintf(&b, "---- receipt %d (%d mm) ----\n", r.Seq, r.PaperMM)
	for _, it := range r.trimmed() {
		line := it.Text()
		if it.Kind == ItemFeed {
			b.WriteString(strings.Repeat("\n", it.Lines))
			continue
		}
		width := columns(line)
		if it.Kind == ItemText {
			width = 0
			for _, run := range it.Runs {
				width += columns(run.Text) * max(run.Width, 1)
			}
		}
		pad := 0
		switch it.Align {
		case escpos.AlignCenter:
			pad = (cols - width) / 2
		case escpos.AlignRight:
			pad = cols - width
		}
		b.WriteString(strings.Repeat(" ", max(pad, 0)))
		b.WriteString(line)
		b.WriteByte('\n')
	}
	if r.Unprintable > 0 {
		fmt.Fprintf(&b, "(%d characters could not be printed)\n", r.Unprintable)
	}
	fmt.Fprintf(&b, "---- %s ----\n", r.Cut)
	return b.String()
}

// columns is the width of s in Font A columns (two for a Chinese
// character).
func columns(s string) int {
	n := 0
	for _, r := range s {
		if r < 0x80 {
			n++
		} else {
			n += 2
		}
	}
	return n
}
