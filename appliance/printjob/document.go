package printjob

import (
	"strings"
)

// Align is a line's justification.
type Align string

// Justifications.
const (
	AlignLeft   Align = ""
	AlignCenter Align = "center"
	AlignRight  Align = "right"
)

// Style is how a line of text prints; the zero value is plain left text.
type Style struct {
	Align Align `json:"align,omitempty"`
	Bold  bool  `json:"bold,omitempty"`
	// Width and Height magnify the characters, 1–8; 0 means 1.
	Width  int `json:"w,omitempty"`
	Height int `json:"h,omitempty"`
}

// Common styles.
var (
	Plain  = Style{}
	Center = Style{Align: AlignCenter}
	Right  = Style{Align: AlignRight}
	// Bold is centred bold text (a ticket's footer).
	Bold = Style{Align: AlignCenter, Bold: true}
	// Title is a centred, bold, double-size heading.
	Title = Style{Align: AlignCenter, Bold: true, Width: 2, Height: 2}
	// Tall is centred bold text of double height (a ticket's service).
	Tall = Style{Align: AlignCenter, Bold: true, Width: 1, Height: 2}
	// Huge is the size of a queue number on a ticket.
	Huge = Style{Align: AlignCenter, Bold: true, Width: 4, Height: 4}
)

// Kinds of lines.
const (
	LineText = "text" // Text in Style; "\n" starts a new line, long lines wrap
	LineRow  = "row"  // Text at the left margin, Right at the right margin
	LineRule = "rule" // dashes across the paper
	LineQR   = "qr"   // a QR code holding Text, centred
	LineFeed = "feed" // N empty lines
	LineCut  = "cut"  // the end of a part (a copy); every document ends with a cut
)

// Line is one element of a document.
type Line struct {
	Kind  string `json:"kind"`
	Text  string `json:"text,omitempty"`
	Right string `json:"right,omitempty"`
	Style Style  `json:"style,omitzero"`
	N     int    `json:"n,omitempty"`
}

// Doc is a receipt to print, in the reader's language already: the
// printer prints what it is given. Build it with the methods below (each
// returns the Doc, so they chain) or with a layout (Ticket, Slip, …).
type Doc struct {
	Lines []Line `json:"lines"`
}

// NewDoc returns an empty document.
func NewDoc() *Doc { return &Doc{} }

func (d *Doc) add(l Line) *Doc {
	d.Lines = append(d.Lines, l)
	return d
}

// Text adds text in style st.
func (d *Doc) Text(s string, st Style) *Doc { return d.add(Line{Kind: LineText, Text: s, Style: st}) }

// Row adds a line with left at the left margin and right at the right.
func (d *Doc) Row(left, right string) *Doc {
	return d.add(Line{Kind: LineRow, Text: left, Right: right})
}

// Rule adds a line of dashes across the paper.
func (d *Doc) Rule() *Doc { return d.add(Line{Kind: LineRule}) }

// QR adds a centred QR code holding data (a link to a LAN page).
func (d *Doc) QR(data string) *Doc { return d.add(Line{Kind: LineQR, Text: data}) }

// Feed adds n empty lines.
func (d *Doc) Feed(n int) *Doc { return d.add(Line{Kind: LineFeed, N: n}) }

// Cut ends a part of the document (between two copies of a slip); the
// printer cuts at the end of every document anyway.
func (d *Doc) Cut() *Doc { return d.add(Line{Kind: LineCut}) }

// Summary is the document's first words, for a job list: its text lines
// joined, at most n runes.
func (d Doc) Summary(n int) string {
	var parts []string
	for _, l := range d.Lines {
		switch l.Kind {
		case LineText, LineRow:
			if t := strings.TrimSpace(strings.Join(strings.Fields(l.Text+" "+l.Right), " ")); t != "" {
				parts = append(parts, t)
			}
		}
	}
	s := []rune(strings.Join(parts, " · "))
	if len(s) > n {
		return string(s[:n-1]) + "…"
	}
	return string(s)
}

// Empty reports whether the document prints nothing.
func (d Doc) Empty() bool {
	for _, l := range d.Lines {
		switch l.Kind {
		case LineText, LineRow, LineQR, LineRule:
			return false
		}
	}
	return true
}
