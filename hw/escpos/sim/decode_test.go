package sim

import (
	"bytes"
	"encoding/hex"
	"reflect"
	"slices"
	"strings"
	"testing"

	"bianmin/hw/escpos"
)

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestDecodeStreams: byte streams written by hand from the Epson
// reference (not by the driver), and what a printer prints for them.
func TestDecodeStreams(t *testing.T) {
	p80 := lookup(t, "generic-80")
	for _, tc := range []struct {
		name   string
		stream string // hex
		lines  []string
		check  func(t *testing.T, r Receipt)
	}{
		{"ASCII lines and a full cut (GS V 0)", "1B40 48690A 546865726521 0A 1D5600",
			[]string{"Hi", "There!"}, func(t *testing.T, r Receipt) {
				if r.Cut != FullCut {
					t.Errorf("cut %s", r.Cut)
				}
			}},
		{"partial cut, Function A (GS V 1)", "4142 0A 1D5601", []string{"AB"},
			func(t *testing.T, r Receipt) {
				if r.Cut != PartialCut {
					t.Errorf("cut %s", r.Cut)
				}
			}},
		{"GBK in Kanji mode (FS &): 中文 堃", "1C26 D6D0 CEC4 20 88D2 0A 1C2E", []string{"中文 堃"}, nil},
		{"high bytes outside Kanji mode are code page 437", "82 0A", []string{"é"}, nil},
		{"ESC ! double width, emphasized", "1B2138 5849 0A 1B2100 7879 0A", []string{"XI", "xy"},
			func(t *testing.T, r Receipt) {
				if run := r.Items[0].Runs[0]; !run.Bold || run.Width != 2 || run.Height != 2 {
					t.Errorf("run %+v", run)
				}
				if run := r.Items[1].Runs[0]; run.Bold || run.Width != 1 {
					t.Errorf("run %+v", run)
				}
			}},
		{"ESC a centre applies from the start of the next line", "1B6101 41 0A 42 1B6102 43 0A", []string{"A", "BC"},
			func(t *testing.T, r Receipt) {
				if r.Items[0].Align != escpos.AlignCenter || r.Items[1].Align != escpos.AlignCenter {
					t.Errorf("aligns %s %s", r.Items[0].Align, r.Items[1].Align)
				}
			}},
		{"ESC d 2 after text prints the line and one blank", "41 1B6402 42 0A", []string{"A", "", "B"}, nil},
		{"ESC @ drops the unprinted line and modes", "1B4501 58 1B40 59 0A", []string{"Y"},
			func(t *testing.T, r Receipt) {
				if r.Items[0].Runs[0].Bold {
					t.Error("still bold after ESC @")
				}
			}},
		{"QR: model, size, level, store, print", "" +
			"1D286B 0400 3141 3200" + "1D286B 0300 3143 08" + "1D286B 0300 3145 33" +
			"1D286B 0600 3150 30 414243" + "1D286B 0300 3151 30",
			[]string{"[QR ABC]"}, func(t *testing.T, r Receipt) {
				if q := r.Items[0].QR; q.ModuleSize != 8 || q.Level != escpos.QRLevelH || q.Model != 2 {
					t.Errorf("QR %+v", *q)
				}
			}},
		{"QR print with nothing stored prints nothing", "1D286B 0300 3151 30 41 0A", []string{"A"}, nil},
		{"PDF417 (cn 48) is skipped whole", "1D286B 0500 3050 30 4142 43 0A", []string{"C"}, nil},
		{"GS v 0 raster, 1 byte × 2 dots", "1D7630 00 0100 0200 80 01 0A", []string{"[image]", ""},
			func(t *testing.T, r Receipt) {
				im := r.Items[0].Image
				if !im.Black(0, 0) || im.Black(1, 0) || !im.Black(7, 1) {
					t.Errorf("image bits % X", im.Bits)
				}
			}},
		{"ESC * 8-dot single density column image", "1B2A 00 0200 80 01 0A", []string{"[image]", ""},
			func(t *testing.T, r Receipt) {
				im := r.Items[0].Image
				if !im.Black(0, 0) || !im.Black(1, 7) || im.Black(0, 7) {
					t.Errorf("image bits % X", im.Bits)
				}
			}},
		{"GS k CODE39 (m 4, NUL-terminated) and CODE128 (m 73, n)", "1D6B04 313233 00 1D6B49 03 7B4241", []string{"[barcode 123]", "[barcode {BA]"}, nil},
		{"real-time requests print nothing", "10 04 01 10 04 04 10 05 02 10 14 01 00 01 41 0A", []string{"A"}, nil},
		{"ESC D tab stops, ESC 3 spacing, GS ( L graphics skipped", "1B44 08 10 00 1B3340 1D284C 0400 3031 4545 41 09 42 0A", []string{"A       B"}, nil},
		{"GS 8 L with a 32-bit length is skipped", "1D384C 06000000 30 70 30 01 01 31 58 0A", []string{"X"}, nil},
		{"a line longer than the paper wraps", "1C26" + strings.Repeat("D6D0", 25) + "0A", []string{strings.Repeat("中", 24), "中"}, nil},
		{"unknown ESC command skipped", "1B 7E 41 0A", []string{"A"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rs := Decode(unhex(t, tc.stream), p80)
			if len(rs) != 1 {
				t.Fatalf("%d receipts", len(rs))
			}
			if got := rs[0].Lines(); !slices.Equal(got, tc.lines) && !(len(tc.lines) > 0 && tc.lines[len(tc.lines)-1] == "" && slices.Equal(got, tc.lines[:len(tc.lines)-1])) {
				t.Errorf("lines %q, want %q", got, tc.lines)
			}
			if tc.check != nil {
				tc.check(t, rs[0])
			}
		})
	}
}

// TestDecodeIncomplete: a command cut short waits for the rest.
func TestDecodeIncomplete(t *testing.T) {
	d := NewDecoder(lookup(t, "generic-80"))
	stream := unhex(t, "1C26 D6D0 1D286B 0600 3150 30 414243 1D286B 0300 3151 30 0A 1D5641 00")
	for _, b := range stream {
		d.Write([]byte{b})
	}
	rs := d.Receipts()
	if len(rs) != 1 || !slices.Equal(rs[0].Lines(), []string{"中", "[QR ABC]"}) {
		t.Fatalf("%+v", rs)
	}
}

// FuzzDecode: any byte stream decodes without panicking, in bounded
// memory, to the same receipts whether it comes at once or byte by byte,
// and every receipt fits the paper.
func FuzzDecode(f *testing.F) {
	// Seeds are kept small (no drawn lines) so that the fuzzer's
	// minimisation of new inputs stays quick.
	for _, doc := range documents() {
		b, err := doc.Render(lookup(f, "gb18030-80"), nil)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add(unhex(f, "1D7630 00 0200 0300 FF00 8001 1818 0A 1B2A 21 0200 800001 FF00FF 0A"))
	f.Add(unhex(f, "1D6B04 313233 00 1D6B49 03 7B4241 1B4401 0800 09 41 1D5601"))
	f.Add(unhex(f, "1D7630 00 FFFF FFFF"))
	f.Add(unhex(f, "1D384C FFFFFFFF 30"))
	f.Add(unhex(f, "1B26 03 20 7E 05"))
	f.Add([]byte{0x1C, 0x26, 0x81, 0x30, 0x81})
	p := lookup(f, "generic-58")
	f.Fuzz(func(t *testing.T, b []byte) {
		whole := Decode(b, p)
		d := NewDecoder(p)
		for i := range b {
			d.Write(b[i : i+1])
		}
		bytewise := d.Receipts()
		if r, ok := d.Flush(); ok {
			bytewise = append(bytewise, r)
		}
		if !reflect.DeepEqual(whole, bytewise) {
			t.Fatalf("whole and byte-by-byte decoding differ:\n%+v\n%+v", whole, bytewise)
		}
		if len(d.buf) > len(b) {
			t.Fatalf("decoder holds %d bytes of %d", len(d.buf), len(b))
		}
		for _, r := range whole {
			for _, it := range r.Items {
				if it.Kind == ItemImage && it.Image.WidthBytes*8 > ((p.PrintableDots+7)/8)*8 {
					t.Fatalf("image %d dots wide on %d-dot paper", it.Image.WidthBytes*8, p.PrintableDots)
				}
				if it.Kind == ItemText && bytes.ContainsAny([]byte(it.Text()), "\x00\x1b\x1c\x1d\x10\n") {
					t.Fatalf("control code printed as text: %q", it.Text())
				}
			}
		}
	})
}
