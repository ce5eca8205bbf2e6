package escpos

import (
	"errors"
	"fmt"
)

// Encoder appends ESC/POS commands to a byte slice, one method per
// command, exactly as the Epson reference lays them out. It knows nothing
// about profiles or text encodings: Doc uses it to render a document for a
// profile, tests use it for golden bytes. The zero value is ready to use.
type Encoder struct {
	buf []byte
}

// Bytes returns what has been encoded so far. The slice is shared with
// the Encoder until the next call.
func (e *Encoder) Bytes() []byte { return e.buf }

// Len is the number of bytes encoded so far.
func (e *Encoder) Len() int { return len(e.buf) }

// Reset empties the encoder, keeping its buffer.
func (e *Encoder) Reset() { e.buf = e.buf[:0] }

// Raw appends bytes as they are.
func (e *Encoder) Raw(b ...byte) *Encoder {
	e.buf = append(e.buf, b...)
	return e
}

// Initialize is ESC @ (1B 40): clears the print buffer and returns every
// mode to its power-on setting.
func (e *Encoder) Initialize() *Encoder { return e.Raw(ESC, cmdInitialize) }

// Align is ESC a n (1B 61 n), n = 0 left, 1 centre, 2 right. The printer
// applies it to lines started after it.
func (e *Encoder) Align(a Align) *Encoder {
	n := byte(justifyLeft)
	switch a {
	case AlignCenter:
		n = justifyCenter
	case AlignRight:
		n = justifyRight
	}
	return e.Raw(ESC, cmdJustification, n)
}

// Emphasized is ESC E n (1B 45 n), n = 1 on, 0 off: bold.
func (e *Encoder) Emphasized(on bool) *Encoder {
	return e.Raw(ESC, cmdEmphasized, boolByte(on))
}

// CharacterSize is GS ! n (1D 21 n): width and height magnification, each
// 1–8 (clamped), for alphanumeric and Kanji characters alike.
func (e *Encoder) CharacterSize(width, height int) *Encoder {
	w := byte(clamp(width, 1, maxMagnification) - 1)
	h := byte(clamp(height, 1, maxMagnification) - 1)
	return e.Raw(GS, cmdCharacterSize, w<<4|h)
}

// KanjiMode is FS & (1C 26) when on, FS . (1C 2E) when off. In Kanji
// mode a Chinese printer reads bytes 0x81–0xFE as the first byte of a
// GBK/GB18030 character.
func (e *Encoder) KanjiMode(on bool) *Encoder {
	if on {
		return e.Raw(FS, cmdKanjiOn)
	}
	return e.Raw(FS, cmdKanjiOff)
}

// Text appends already-encoded character bytes. They must not contain
// control codes; Doc guarantees that.
func (e *Encoder) Text(b []byte) *Encoder { return e.Raw(b...) }

// LineFeed is LF (0A): prints the buffer and feeds one line.
func (e *Encoder) LineFeed() *Encoder { return e.Raw(LF) }

// PrintAndFeedLines is ESC d n (1B 64 n): prints the buffer and feeds n
// lines (0–255, clamped).
func (e *Encoder) PrintAndFeedLines(n int) *Encoder {
	return e.Raw(ESC, cmdPrintAndFeedLine, byte(clamp(n, 0, 255)))
}

// FeedAndCut is GS V m n (1D 56 m n), Function B: feeds to the cutting
// position plus n dots (0–255, clamped), then cuts, fully (m = 65) or
// leaving one point uncut (m = 66).
func (e *Encoder) FeedAndCut(partial bool, n int) *Encoder {
	m := byte(cutFullB)
	if partial {
		m = cutPartialB
	}
	return e.Raw(GS, cmdCut, m, byte(clamp(n, 0, 255)))
}

// QR error correction levels, as GS ( k Function 169 numbers them.
type QRLevel byte

// The four QR error correction levels: about 7, 15, 25 and 30 % of the
// symbol may be damaged.
const (
	QRLevelL QRLevel = 48
	QRLevelM QRLevel = 49
	QRLevelQ QRLevel = 50
	QRLevelH QRLevel = 51
)

func (l QRLevel) String() string {
	switch l {
	case QRLevelL:
		return "L"
	case QRLevelM:
		return "M"
	case QRLevelQ:
		return "Q"
	case QRLevelH:
		return "H"
	}
	return fmt.Sprintf("QRLevel(%d)", byte(l))
}

// errQRTooLong: data that no QR Code symbol holds.
var errQRTooLong = errors.New("QR code data too long")

// QRCode appends the four GS ( k functions that print data as a model 2
// QR Code symbol: Function 165 (model), 167 (module size in dots, 1–16),
// 169 (error correction), 180 (store the data), 181 (print it).
//
//	1D 28 6B 04 00 31 41 32 00      model 2
//	1D 28 6B 03 00 31 43 n          module size
//	1D 28 6B 03 00 31 45 n          error correction level
//	1D 28 6B pL pH 31 50 30 d1…dk   store: pL + 256·pH = k + 3
//	1D 28 6B 03 00 31 51 30         print
func (e *Encoder) QRCode(data []byte, moduleSize int, level QRLevel) error {
	if len(data) == 0 || len(data) > qrMaxData {
		return fmt.Errorf("%w: %d bytes, a QR code holds 1 to %d", errQRTooLong, len(data), qrMaxData)
	}
	if level < QRLevelL || level > QRLevelH {
		level = QRLevelM
	}
	e.gsParen2DCode(qrFnModel, qrModel2, 0)
	e.gsParen2DCode(qrFnModuleSize, byte(clamp(moduleSize, 1, qrMaxModule)))
	e.gsParen2DCode(qrFnErrorLevel, byte(level))
	e.gsParen2DCode(qrFnStore, append([]byte{qrStoreM}, data...)...)
	e.gsParen2DCode(qrFnPrint, qrStoreM)
	return nil
}

// gsParen2DCode appends GS ( k pL pH cn fn params for the QR Code (cn 49).
func (e *Encoder) gsParen2DCode(fn byte, params ...byte) {
	n := len(params) + 2 // cn, fn
	e.Raw(GS, cmd2DCode1, cmd2DCode2, byte(n), byte(n>>8), qrCn, fn)
	e.Raw(params...)
}

// RasterImage appends GS v 0 m xL xH yL yH d1…dk (1D 76 30 …) at normal
// scale for a 1-bit image widthBytes × 8 dots wide and height dots tall;
// bits holds widthBytes × height bytes, row by row, most significant bit
// leftmost, 1 = black. Images taller than 255 dots go as several bands.
// Band data is passed through Sanitize first.
func (e *Encoder) RasterImage(widthBytes, height int, bits []byte) error {
	if widthBytes < 1 || widthBytes > 0xFFFF || height < 1 || len(bits) != widthBytes*height {
		return fmt.Errorf("raster image: %d×%d bytes do not match %d bytes of data", widthBytes, height, len(bits))
	}
	for y := 0; y < height; y += rasterMaxRows {
		rows := min(rasterMaxRows, height-y)
		e.Raw(GS, cmdRasterImage, cmdRasterImage0, rasterNormal,
			byte(widthBytes), byte(widthBytes>>8), byte(rows), byte(rows>>8))
		start := len(e.buf)
		e.Raw(bits[y*widthBytes : (y+rows)*widthBytes]...)
		sanitizeRealtime(e.buf[start:])
	}
	return nil
}

// RealtimeStatus is DLE EOT n (10 04 n).
func (e *Encoder) RealtimeStatus(n byte) *Encoder { return e.Raw(DLE, cmdRealtimeStatus, n) }

// sanitizeRealtime clears the one dot that would make the printer read
// image data as a real-time command. Printers execute DLE EOT (10 04),
// DLE ENQ (10 05) and DLE DC4 (10 14) wherever they appear in the byte
// stream, even inside bit image data (the reference's notes on each), so
// a logo byte 0x10 followed by 0x04 would make the printer answer a status
// query nobody asked, or DLE DC4 could even switch it off. Clearing the
// single set bit of that 0x10 byte changes one dot of the picture.
func sanitizeRealtime(b []byte) {
	for i := 0; i+1 < len(b); i++ {
		if b[i] == DLE {
			switch b[i+1] {
			case EOT, 0x05, 0x14:
				b[i] = 0
			}
		}
	}
}

func boolByte(b bool) byte {
	if b {
		return 1
	}
	return 0
}

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }
