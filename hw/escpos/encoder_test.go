package escpos

import (
	"bytes"
	"encoding/hex"
	"strings"
	"testing"
)

// unhex turns "1B 40" into bytes; spaces are ignored.
func unhex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatalf("bad hex %q: %v", s, err)
	}
	return b
}

// TestEncoderGolden: each command's bytes, as the Epson ESC/POS Command
// Reference's [Format] line for it gives them.
func TestEncoderGolden(t *testing.T) {
	for _, tc := range []struct {
		name string // reference entry
		enc  func(e *Encoder)
		want string
	}{
		{"ESC @ Initialize printer", func(e *Encoder) { e.Initialize() }, "1B 40"},
		{"ESC a 0 Select justification: left", func(e *Encoder) { e.Align(AlignLeft) }, "1B 61 00"},
		{"ESC a 1 Select justification: centre", func(e *Encoder) { e.Align(AlignCenter) }, "1B 61 01"},
		{"ESC a 2 Select justification: right", func(e *Encoder) { e.Align(AlignRight) }, "1B 61 02"},
		{"ESC E 1 Turn emphasized mode on", func(e *Encoder) { e.Emphasized(true) }, "1B 45 01"},
		{"ESC E 0 Turn emphasized mode off", func(e *Encoder) { e.Emphasized(false) }, "1B 45 00"},
		{"GS ! 0x00 Select character size: normal", func(e *Encoder) { e.CharacterSize(1, 1) }, "1D 21 00"},
		{"GS ! 0x11 double width and height", func(e *Encoder) { e.CharacterSize(2, 2) }, "1D 21 11"},
		{"GS ! 0x10 double width only", func(e *Encoder) { e.CharacterSize(2, 1) }, "1D 21 10"},
		{"GS ! 0x01 double height only", func(e *Encoder) { e.CharacterSize(1, 2) }, "1D 21 01"},
		{"GS ! 0x77 eight times, clamped", func(e *Encoder) { e.CharacterSize(9, 8) }, "1D 21 77"},
		{"GS ! 0x00 zero clamps to one", func(e *Encoder) { e.CharacterSize(0, -3) }, "1D 21 00"},
		{"FS & Select Kanji character mode", func(e *Encoder) { e.KanjiMode(true) }, "1C 26"},
		{"FS . Cancel Kanji character mode", func(e *Encoder) { e.KanjiMode(false) }, "1C 2E"},
		{"LF Print and line feed", func(e *Encoder) { e.LineFeed() }, "0A"},
		{"ESC d 3 Print and feed 3 lines", func(e *Encoder) { e.PrintAndFeedLines(3) }, "1B 64 03"},
		{"ESC d 255 clamped", func(e *Encoder) { e.PrintAndFeedLines(300) }, "1B 64 FF"},
		{"GS V 65 0 Feed and full cut (Function B)", func(e *Encoder) { e.FeedAndCut(false, 0) }, "1D 56 41 00"},
		{"GS V 66 16 Feed 16 and partial cut (Function B)", func(e *Encoder) { e.FeedAndCut(true, 16) }, "1D 56 42 10"},
		{"DLE EOT 1 Transmit printer status", func(e *Encoder) { e.RealtimeStatus(1) }, "10 04 01"},
		{"DLE EOT 4 Transmit roll paper sensor status", func(e *Encoder) { e.RealtimeStatus(4) }, "10 04 04"},
		{"GS v 0 Print raster bit image, 2 bytes × 2 dots", func(e *Encoder) {
			if err := e.RasterImage(2, 2, []byte{0xFF, 0x00, 0x81, 0x18}); err != nil {
				t.Fatal(err)
			}
		}, "1D 76 30 00 02 00 02 00 FF 00 81 18"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var e Encoder
			tc.enc(&e)
			if want := unhex(t, tc.want); !bytes.Equal(e.Bytes(), want) {
				t.Errorf("got % X, want % X", e.Bytes(), want)
			}
		})
	}
}

// TestQRCodeGolden: GS ( k, cn 49, Functions 165, 167, 169, 180, 181 —
// pL pH count cn, fn and the parameters; Function 180's is k + 3.
func TestQRCodeGolden(t *testing.T) {
	var e Encoder
	if err := e.QRCode([]byte("http://192.168.1.2/q/A012"), 6, QRLevelM); err != nil {
		t.Fatal(err)
	}
	want := unhex(t, ""+
		"1D 28 6B 04 00 31 41 32 00"+ // Function 165: model 2
		"1D 28 6B 03 00 31 43 06"+ // Function 167: module 6 dots
		"1D 28 6B 03 00 31 45 31"+ // Function 169: level M
		"1D 28 6B 1C 00 31 50 30"+hex.EncodeToString([]byte("http://192.168.1.2/q/A012"))+ // Function 180: 25 + 3 = 0x1C
		"1D 28 6B 03 00 31 51 30") // Function 181: print
	if !bytes.Equal(e.Bytes(), want) {
		t.Errorf("got\n% X\nwant\n% X", e.Bytes(), want)
	}

	// A 300-byte payload needs pH: 303 = 0x012F.
	e.Reset()
	if err := e.QRCode(bytes.Repeat([]byte{'x'}, 300), 3, QRLevelL); err != nil {
		t.Fatal(err)
	}
	if i := bytes.Index(e.Bytes(), unhex(t, "1D 28 6B 2F 01 31 50 30")); i < 0 {
		t.Errorf("store header with pL=2F pH=01 missing in % X", e.Bytes()[:40])
	}
	for _, tc := range []struct {
		data []byte
	}{{nil}, {bytes.Repeat([]byte{'x'}, qrMaxData+1)}} {
		e.Reset()
		if err := e.QRCode(tc.data, 3, QRLevelL); err == nil || e.Len() != 0 {
			t.Errorf("%d bytes: err %v, wrote %d bytes; want a refusal and nothing written", len(tc.data), err, e.Len())
		}
	}
}

// TestRasterBands: an image taller than 255 dots goes as bands, each with
// its own header, so yH stays 0 or 1.
func TestRasterBands(t *testing.T) {
	var e Encoder
	bits := bytes.Repeat([]byte{0xAA}, 3*600)
	if err := e.RasterImage(3, 600, bits); err != nil {
		t.Fatal(err)
	}
	b := e.Bytes()
	var heights []int
	for i := 0; i < len(b); {
		if !bytes.Equal(b[i:i+4], []byte{GS, 'v', '0', 0}) {
			t.Fatalf("no band header at %d: % X", i, b[i:i+8])
		}
		x, y := int(b[i+4])|int(b[i+5])<<8, int(b[i+6])|int(b[i+7])<<8
		if x != 3 {
			t.Fatalf("band width %d bytes, want 3", x)
		}
		heights = append(heights, y)
		i += 8 + x*y
	}
	if len(heights) != 3 || heights[0] != 255 || heights[1] != 255 || heights[2] != 90 {
		t.Errorf("bands %v, want [255 255 90]", heights)
	}
	if err := e.RasterImage(2, 2, []byte{1}); err == nil {
		t.Error("mismatched data length accepted")
	}
}

// TestSanitizeRealtime: image bytes that would read as DLE EOT, DLE ENQ
// or DLE DC4 lose one dot; other DLE bytes stay.
func TestSanitizeRealtime(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"10 04 01", "00 04 01"},
		{"FF 10 05 02", "FF 00 05 02"},
		{"10 14 02 01 08", "00 14 02 01 08"},
		{"10 10 04", "10 00 04"},
		{"10 00 10 FF 10", "10 00 10 FF 10"},
	} {
		b := unhex(t, tc.in)
		sanitizeRealtime(b)
		if want := unhex(t, tc.want); !bytes.Equal(b, want) {
			t.Errorf("sanitize(%s) = % X, want %s", tc.in, b, tc.want)
		}
	}
}
