package sim

import (
	"bianmin/hw/escpos"
)

// esc decodes an ESC command. Lengths follow the Epson reference's
// [Format] lines.
func (d *Decoder) esc(b []byte) int {
	if len(b) < 2 {
		return 0
	}
	switch b[1] {
	case '@': // ESC @ Initialize printer
		d.initialize()
		return 2
	case 'a': // ESC a n Select justification
		if len(b) < 3 {
			return 0
		}
		switch b[2] {
		case 1, '1':
			d.align = escpos.AlignCenter
		case 2, '2':
			d.align = escpos.AlignRight
		default:
			d.align = escpos.AlignLeft
		}
		return 3
	case 'E': // ESC E n Turn emphasized mode on/off
		if len(b) < 3 {
			return 0
		}
		d.bold = b[2]&1 != 0
		return 3
	case '!': // ESC ! n Select print modes: bit 3 emphasized, 4 double height, 5 double width
		if len(b) < 3 {
			return 0
		}
		n := b[2]
		d.bold = n&0x08 != 0
		d.h, d.w = 1, 1
		if n&0x10 != 0 {
			d.h = 2
		}
		if n&0x20 != 0 {
			d.w = 2
		}
		return 3
	case 'd': // ESC d n Print and feed n lines
		if len(b) < 3 {
			return 0
		}
		d.feedLines(int(b[2]))
		return 3
	case 'J': // ESC J n Print and feed paper (n dots)
		if len(b) < 3 {
			return 0
		}
		d.feedLines(max(int(b[2])/max(d.spacing, 1), 1))
		return 3
	case '2': // ESC 2 Select default line spacing
		d.spacing = defaultSpace
		return 2
	case '3': // ESC 3 n Set line spacing
		if len(b) < 3 {
			return 0
		}
		d.spacing = int(b[2])
		return 3
	case '*': // ESC * m nL nH d1…dk Select bit-image mode
		return d.bitImage(b)
	case 'D': // ESC D n1…nk NUL Set horizontal tab positions (k ≤ 32)
		for i := 2; i < len(b) && i < 2+33; i++ {
			if b[i] == 0 {
				return i + 1
			}
		}
		if len(b) >= 2+33 {
			return 2 + 33
		}
		return 0
	case '$', '\\': // ESC $ / ESC \ nL nH: absolute / relative print position
		return need(b, 4)
	case 'p': // ESC p m t1 t2 Generate pulse (cash drawer)
		return need(b, 5)
	case 'c': // ESC c 3/4/5 n: paper sensors, panel buttons
		return need(b, 4)
	case '(': // ESC ( A pL pH …: beeper and other functions
		if len(b) < 5 {
			return 0
		}
		return need(b, 5+u16(b, 3))
	case '&': // ESC & y c1 c2 [x d1…d(y×x)]k Define user-defined characters
		return d.userChars(b)
	case '-', 'G', 'M', 'R', 't', 'V', '{', ' ', '=', 'U', 'r', '%', '?', 'L', 'S', 'T', 'W', 'e', 'K':
		// One-parameter commands (underline, double-strike, font, character
		// set, code table, rotation, upside-down, spacing, peripheral,
		// unidirectional, colour, user-defined set, cancel user-defined,
		// page-mode direction, feed backwards…). ESC L and ESC S take none;
		// ESC W takes 8.
		switch b[1] {
		case 'L', 'S':
			return 2
		case 'W':
			return need(b, 10)
		}
		return need(b, 3)
	}
	d.Unknown++
	return 2
}

// bitImage decodes ESC * m nL nH: n columns of 8 (m = 0, 1) or 24
// (m = 32, 33) dots, printed as an image on its own line.
func (d *Decoder) bitImage(b []byte) int {
	if len(b) < 5 {
		return 0
	}
	m, n := b[2], u16(b, 3)
	rows := 8
	switch m {
	case 0, 1:
	case 32, 33:
		rows = 24
	default:
		d.Unknown++
		return 5
	}
	k := n * rows / 8
	if len(b) < 5+k {
		return 0
	}
	if n > 0 && n <= d.profile.PrintableDots {
		bm := Bitmap{WidthBytes: (n + 7) / 8, Height: rows}
		bm.Bits = make([]byte, bm.WidthBytes*rows)
		for x := range n {
			for y := range rows {
				if b[5+x*rows/8+y/8]&(0x80>>(y%8)) != 0 {
					bm.Bits[y*bm.WidthBytes+x/8] |= 0x80 >> (x % 8)
				}
			}
		}
		d.block(Item{Kind: ItemImage, Image: &bm})
	}
	return 5 + k
}

// userChars skips ESC & y c1 c2 and its character definitions.
func (d *Decoder) userChars(b []byte) int {
	if len(b) < 5 {
		return 0
	}
	y, c1, c2 := int(b[2]), int(b[3]), int(b[4])
	i := 5
	for c := c1; c <= c2; c++ {
		if len(b) <= i {
			return 0
		}
		i += 1 + y*int(b[i])
	}
	return need(b, i)
}

// fs decodes an FS (Kanji) command.
func (d *Decoder) fs(b []byte) int {
	if len(b) < 2 {
		return 0
	}
	switch b[1] {
	case '&': // FS & Select Kanji character mode
		d.kanji = true
		return 2
	case '.': // FS . Cancel Kanji character mode
		d.kanji = false
		return 2
	case '!', '-', 'C', 'W', 'p': // FS ! n, FS - n, FS C n, FS W n (one parameter); FS p n m
		if b[1] == 'p' {
			return need(b, 4)
		}
		return need(b, 3)
	case 'S': // FS S n1 n2 Kanji character spacing
		return need(b, 4)
	case '2': // FS 2 c1 c2 d1…d72 Define user-defined Kanji characters
		return need(b, 4+72)
	case '(': // FS ( A/C/E/L/e pL pH …
		if len(b) < 5 {
			return 0
		}
		return need(b, 5+u16(b, 3))
	}
	d.Unknown++
	return 2
}

// gs decodes a GS command.
func (d *Decoder) gs(b []byte) int {
	if len(b) < 2 {
		return 0
	}
	switch b[1] {
	case '!': // GS ! n Select character size
		if len(b) < 3 {
			return 0
		}
		d.w, d.h = int(b[2]>>4&7)+1, int(b[2]&7)+1
		return 3
	case 'V': // GS V m [n] Select cut mode and cut paper
		return d.cut(b)
	case 'v': // GS v 0 m xL xH yL yH d1…dk Print raster bit image
		return d.raster(b)
	case '(': // GS ( X pL pH …
		if len(b) < 5 {
			return 0
		}
		n := 5 + u16(b, 3)
		if b[2] == 'k' {
			if len(b) < n {
				return 0
			}
			d.symbol(b[5:n])
			return n
		}
		return d.skipData(b, n)
	case '8': // GS 8 L p1 p2 p3 p4 …: graphics data, 32-bit length
		if len(b) < 7 {
			return 0
		}
		n := int(b[3]) | int(b[4])<<8 | int(b[5])<<16 | int(b[6])<<24
		return d.skipData(b, 7+n)
	case 'k': // GS k m … Print barcode
		return d.barcode(b)
	case '*': // GS * x y d1…d(x×y×8) Define downloaded bit image
		if len(b) < 4 {
			return 0
		}
		return d.skipData(b, 4+int(b[2])*int(b[3])*8)
	case 'B', 'H', 'I', 'a', 'b', 'f', 'h', 'r', 'w', '/', 'E', 'T', 'c', 'j':
		// One-parameter commands (reverse, HRI position, printer ID,
		// automatic status back, smoothing, HRI font, barcode height, status,
		// barcode width, print downloaded image, …). GS c takes none.
		if b[1] == 'c' {
			return 2
		}
		return need(b, 3)
	case 'L', 'W', 'P', '$', '\\': // two-byte parameters (margin, width, motion units, positions)
		return need(b, 4)
	case '^': // GS ^ r t m Execute macro
		return need(b, 5)
	case ':': // GS : Start/end of macro definition
		return 2
	}
	d.Unknown++
	return 2
}

// skipData takes a command n bytes long that the printer stores or acts
// on without printing; one longer than maxCollect is discarded as it
// arrives instead of held.
func (d *Decoder) skipData(b []byte, n int) int {
	if n > maxCollect && len(b) < n {
		d.skip = n - len(b)
		return len(b)
	}
	return need(b, n)
}

// cut decodes GS V: Function A (m = 0, 1, 48, 49) cuts; B (65, 66), C
// (97, 98) and D (103, 104) take n.
func (d *Decoder) cut(b []byte) int {
	if len(b) < 3 {
		return 0
	}
	n := 3
	kind := FullCut
	switch m := b[2]; m {
	case 0, 48:
	case 1, 49:
		kind = PartialCut
	case 65, 97, 103:
		n = 4
	case 66, 98, 104:
		n, kind = 4, PartialCut
	default:
		d.Unknown++
		return 3
	}
	if len(b) < n {
		return 0
	}
	if len(d.line) > 0 {
		d.printLine()
	}
	d.done = append(d.done, d.finish(kind))
	return n
}

// raster decodes GS v 0 m xL xH yL yH and its x × y bytes.
func (d *Decoder) raster(b []byte) int {
	if len(b) < 8 {
		return 0
	}
	if b[2] != '0' && b[2] != 0 {
		d.Unknown++
		return 3
	}
	x, y := u16(b, 4), u16(b, 6)
	n := 8 + x*y
	if x == 0 || y == 0 || x*8 > d.profile.PrintableDots || n > maxCollect {
		d.Unknown++ // the printer ignores an image it cannot print
		return d.skipData(b, n)
	}
	if len(b) < n {
		return 0
	}
	bm := Bitmap{WidthBytes: x, Height: y, Bits: append([]byte(nil), b[8:n]...)}
	d.block(Item{Kind: ItemImage, Image: &bm})
	return n
}

// symbol decodes the QR Code functions of GS ( k (cn 49); body is cn fn
// and the parameters.
func (d *Decoder) symbol(body []byte) {
	if len(body) < 2 || body[0] != 49 {
		d.Unknown++ // PDF417, MaxiCode and the other symbols
		return
	}
	fn, p := body[1], body[2:]
	switch {
	case fn == 65 && len(p) >= 1: // Function 165: model
		if p[0] >= 49 && p[0] <= 51 {
			d.qr.Model = int(p[0] - 48)
		}
	case fn == 67 && len(p) >= 1: // Function 167: module size
		if p[0] >= 1 && p[0] <= 16 {
			d.qr.ModuleSize = int(p[0])
		}
	case fn == 69 && len(p) >= 1: // Function 169: error correction level
		if p[0] >= 48 && p[0] <= 51 {
			d.qr.Level = escpos.QRLevel(p[0])
		}
	case fn == 80 && len(p) >= 1 && p[0] == 48: // Function 180: store the data
		d.qrData, d.qrHave = append([]byte(nil), p[1:]...), len(p) > 1
	case fn == 81 && len(p) >= 1 && p[0] == 48: // Function 181: print
		if d.qrHave {
			q := d.qr
			q.Data = string(d.qrData)
			d.block(Item{Kind: ItemQR, QR: &q})
		}
	case fn == 82: // Function 182: transmit size information (not answered)
	default:
		d.Unknown++
	}
}

// barcode decodes GS k m: m 0–6 data up to NUL; m 65–79 n then n bytes.
func (d *Decoder) barcode(b []byte) int {
	if len(b) < 3 {
		return 0
	}
	m := b[2]
	switch {
	case m <= 6:
		for i := 3; i < len(b); i++ {
			if b[i] == 0 {
				d.block(Item{Kind: ItemBarcode, Barcode: string(b[3:i])})
				return i + 1
			}
			if i-3 > 255 {
				d.Unknown++
				return i
			}
		}
		return 0
	case m >= 65 && m <= 79:
		if len(b) < 4 {
			return 0
		}
		n := 4 + int(b[3])
		if len(b) < n {
			return 0
		}
		d.block(Item{Kind: ItemBarcode, Barcode: string(b[4:n])})
		return n
	}
	d.Unknown++
	return 3
}
