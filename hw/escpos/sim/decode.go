package sim

import (
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"

	"bianmin/hw/escpos"
)

// Decoder turns an ESC/POS byte stream into receipts, as a printer with a
// given profile would print it. It keeps the printer's modes (justification,
// emphasis, character size, Kanji mode, the QR Code settings and stored
// data) across calls, so the stream may arrive in any pieces. It reads the
// commands of the Epson ESC/POS reference that receipt printers take —
// those the escpos driver sends and the common others (ESC !, ESC *,
// GS k, GS ( L, …), whose lengths it knows so that what follows them is
// read right; an unknown command is counted and skipped. Real-time
// commands (DLE EOT, DLE ENQ, DLE DC4) are skipped: the simulated printer
// answers them as they arrive, not here.
type Decoder struct {
	profile escpos.Profile

	buf  []byte // input not yet decoded (an incomplete command at most)
	skip int    // bytes of an over-long command's data still to discard

	align   escpos.Align
	bold    bool
	w, h    int
	kanji   bool
	spacing int // line spacing in dots (ESC 2, ESC 3)
	qr      QRSymbol
	qrData  []byte
	qrHave  bool

	line      []Run
	lineDots  int
	lineAlign escpos.Align

	cur     Receipt
	done    []Receipt
	seq     int
	printed int // items printed, for the paper counter

	// OnItem, when set, is called after each item is printed.
	OnItem func()

	// Counters.
	Unknown int // commands not known, skipped
	Bytes   int // bytes decoded
}

// Limits that keep a hostile stream from using much memory.
const (
	maxCollect   = 1 << 20 // largest command kept whole (image, QR data)
	maxItems     = 4096    // items on one receipt before it is torn off
	maxFeedLines = 1 << 16 // blank lines one ItemFeed counts
	maxTabCols   = 8
	defaultSpace = 30 // ESC 2: 1/6 inch at 180 dpi units, 30 dots here
)

// NewDecoder returns a decoder for a printer with profile p (paper width,
// four-byte GB18030 support) in its power-on state.
func NewDecoder(p escpos.Profile) *Decoder {
	p, _ = normalise(p)
	d := &Decoder{profile: p}
	d.initialize()
	d.newReceipt()
	return d
}

// normalise applies the escpos profile defaults through LookupProfile for
// a zero profile.
func normalise(p escpos.Profile) (escpos.Profile, error) {
	if p.PrintableDots <= 0 {
		return escpos.LookupProfile(p.Name)
	}
	return p, nil
}

// Write decodes b; it never fails.
func (d *Decoder) Write(b []byte) (int, error) {
	d.Feed(b, nil)
	return len(b), nil
}

// Feed decodes b until halt (checked before each command) returns true,
// and returns the bytes not decoded then (nil when all were). The
// simulated printer halts when its paper runs out mid-receipt.
func (d *Decoder) Feed(b []byte, halt func() bool) []byte {
	d.buf = append(d.buf, b...)
	for len(d.buf) > 0 {
		if d.skip > 0 {
			n := min(d.skip, len(d.buf))
			d.skip -= n
			d.consume(n)
			continue
		}
		if halt != nil && halt() {
			rest := d.buf
			d.buf = nil
			return rest
		}
		n := d.step(d.buf)
		if n == 0 {
			break // incomplete command: wait for more
		}
		d.consume(n)
	}
	return nil
}

func (d *Decoder) consume(n int) {
	d.Bytes += n
	d.buf = d.buf[n:]
	if len(d.buf) == 0 {
		d.buf = nil
	}
}

// Receipts returns the receipts completed (cut) since the last call.
func (d *Decoder) Receipts() []Receipt {
	out := d.done
	d.done = nil
	return out
}

// Flush ends the receipt in progress as torn off, when it holds anything
// (a pending line is printed first), and returns it.
func (d *Decoder) Flush() (Receipt, bool) {
	if len(d.line) > 0 {
		d.printLine()
	}
	if len(d.cur.Items) == 0 {
		return Receipt{}, false
	}
	return d.finish(Torn), true
}

// Decode decodes a whole stream for a printer with profile p: every
// receipt, the last one torn off if it was not cut.
func Decode(b []byte, p escpos.Profile) []Receipt {
	d := NewDecoder(p)
	d.Write(b)
	out := d.Receipts()
	if r, ok := d.Flush(); ok {
		out = append(out, r)
	}
	return out
}

// Printed is the number of items (lines, feeds, symbols, images)
// printed so far.
func (d *Decoder) Printed() int { return d.printed }

// initialize is ESC @: modes back to the power-on state, print buffer
// cleared, QR settings and stored data dropped.
func (d *Decoder) initialize() {
	d.align, d.bold, d.w, d.h, d.kanji = escpos.AlignLeft, false, 1, 1, false
	d.spacing = defaultSpace
	d.qr = QRSymbol{Model: 2, ModuleSize: 3, Level: escpos.QRLevelL}
	d.qrData, d.qrHave = nil, false
	d.line, d.lineDots = nil, 0
}

func (d *Decoder) newReceipt() {
	d.cur = Receipt{PaperMM: d.profile.PaperWidthMM, PaperDots: d.profile.PrintableDots}
}

// finish ends the current receipt with cut and returns it.
func (d *Decoder) finish(cut Cut) Receipt {
	d.seq++
	d.cur.Seq, d.cur.Cut = d.seq, cut
	r := d.cur
	d.newReceipt()
	return r
}

// add appends an item to the receipt in progress. Blank lines fed one
// after another make one ItemFeed. A receipt longer than maxItems is torn
// off, as a technician tears a runaway print.
func (d *Decoder) add(it Item) {
	it.Spacing = d.spacing
	items := d.cur.Items
	if n := len(items); it.Kind == ItemFeed && n > 0 && items[n-1].Kind == ItemFeed && items[n-1].Spacing == it.Spacing {
		items[n-1].Lines = min(items[n-1].Lines+it.Lines, maxFeedLines)
	} else {
		if len(items) >= maxItems {
			d.done = append(d.done, d.finish(Torn))
		}
		d.cur.Items = append(d.cur.Items, it)
	}
	d.printed++
	if d.OnItem != nil {
		d.OnItem()
	}
}

// printLine prints the line buffer (an empty buffer feeds a blank line).
func (d *Decoder) printLine() {
	if len(d.line) == 0 {
		d.add(Item{Kind: ItemFeed, Lines: 1})
		return
	}
	d.add(Item{Kind: ItemText, Align: d.lineAlign, Runs: d.line})
	d.line, d.lineDots = nil, 0
}

// feedLines is ESC d n: print the buffer and feed n lines in all.
func (d *Decoder) feedLines(n int) {
	if len(d.line) > 0 {
		d.printLine()
		n--
	}
	if n > 0 {
		d.add(Item{Kind: ItemFeed, Lines: n})
	}
}

// char puts one character of cols Font A columns on the line, wrapping
// when it does not fit, as the printer does.
func (d *Decoder) char(r rune, cols int) {
	cellDots := cols * 12 * d.w
	if d.lineDots > 0 && d.lineDots+cellDots > d.profile.PrintableDots {
		d.printLine()
	}
	if len(d.line) == 0 {
		d.lineAlign = d.align // ESC a takes effect at the start of a line
	}
	d.lineDots += cellDots
	if n := len(d.line); n > 0 {
		last := &d.line[n-1]
		if last.Bold == d.bold && last.Width == d.w && last.Height == d.h {
			last.Text += string(r)
			return
		}
	}
	d.line = append(d.line, Run{Text: string(r), Bold: d.bold, Width: d.w, Height: d.h})
}

// unprintable puts a replacement character on the line.
func (d *Decoder) unprintable() {
	d.cur.Unprintable++
	d.char(utf8.RuneError, 2)
}

// block prints a symbol or image on a line of its own.
func (d *Decoder) block(it Item) {
	if len(d.line) > 0 {
		d.printLine()
	}
	it.Align = d.align
	d.add(it)
}

// step decodes one command or character at the start of b and returns
// how many bytes it took; 0 means b holds only part of it.
func (d *Decoder) step(b []byte) int {
	c := b[0]
	switch {
	case c == escpos.LF:
		d.printLine()
		return 1
	case c == 0x09: // HT: to the next tab stop (every 8 columns)
		col := d.lineDots / 12
		for range maxTabCols - col%maxTabCols {
			d.char(' ', 1)
		}
		return 1
	case c == 0x0C: // FF: print the buffer (roll paper: like LF)
		if len(d.line) > 0 {
			d.printLine()
		}
		return 1
	case c == escpos.DLE:
		return d.dle(b)
	case c == escpos.ESC:
		return d.esc(b)
	case c == escpos.FS:
		return d.fs(b)
	case c == escpos.GS:
		return d.gs(b)
	case c < 0x20 || c == 0x7F:
		return 1 // NUL, CR, CAN and other codes: nothing printed
	case c < 0x80:
		d.char(rune(c), 1)
		return 1
	}
	return d.highByte(b)
}

// highByte decodes a character from a byte ≥ 0x80: GB18030 in Kanji
// mode, code page 437 otherwise.
func (d *Decoder) highByte(b []byte) int {
	if !d.kanji {
		d.char(charmap.CodePage437.DecodeByte(b[0]), 1)
		return 1
	}
	if b[0] == 0x80 || b[0] == 0xFF {
		d.unprintable()
		return 1
	}
	if len(b) < 2 {
		return 0
	}
	n := 2
	if b[1] >= 0x30 && b[1] <= 0x39 {
		n = 4
		if len(b) < 4 {
			return 0
		}
	}
	r, ok := gb18030Rune(b[:n])
	if !ok || (n == 4 && !d.profile.FourByteGB18030) {
		d.unprintable()
		return n
	}
	d.char(r, 2)
	return n
}

// gb18030Rune decodes one GB18030 character of 2 or 4 bytes.
func gb18030Rune(b []byte) (rune, bool) {
	var out [utf8.UTFMax * 2]byte
	nDst, nSrc, err := simplifiedchinese.GB18030.NewDecoder().Transform(out[:], b, true)
	if err != nil || nSrc != len(b) {
		return 0, false
	}
	r, size := utf8.DecodeRune(out[:nDst])
	if r == utf8.RuneError || size != nDst {
		return 0, false
	}
	return r, true
}

// dle skips a real-time command.
func (d *Decoder) dle(b []byte) int {
	if len(b) < 2 {
		return 0
	}
	switch b[1] {
	case 0x04, 0x05: // DLE EOT n, DLE ENQ n
		return need(b, 3)
	case 0x14: // DLE DC4 fn a b
		return need(b, 5)
	}
	d.Unknown++
	return 1
}

// need returns n when b holds n bytes, else 0 (wait for more).
func need(b []byte, n int) int {
	if len(b) < n {
		return 0
	}
	return n
}

// u16 reads a little-endian length (nL nH).
func u16(b []byte, i int) int { return int(b[i]) | int(b[i+1])<<8 }
