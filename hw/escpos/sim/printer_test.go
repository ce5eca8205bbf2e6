package sim

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"bianmin/hw/escpos"
)

// TestRealtimeAnswers: DLE EOT n is answered on reception, wherever it
// falls (split across reads, in the middle of a document, while the
// printer holds data), with the status bits of the reference.
func TestRealtimeAnswers(t *testing.T) {
	p := New(Config{})
	if got := p.Receive(unhex(t, "10 04 01 10 04 02 10 04 03 10 04 04")); !bytes.Equal(got, unhex(t, "12 12 12 12")) {
		t.Errorf("ready replies % X", got)
	}
	if got := append(p.Receive([]byte{0x10}), p.Receive([]byte{0x04, 0x04})...); !bytes.Equal(got, []byte{0x12}) {
		t.Errorf("split request answered % X", got)
	}
	p.PaperOut(true)
	// Offline (n=1 bit 3), paper-end stop (n=2 bit 5), near end and end
	// sensors (n=4 bits 2,3,5,6).
	if got := p.Receive(unhex(t, "41 10 04 01 42 10 04 02 10 04 03 10 04 04")); !bytes.Equal(got, unhex(t, "1A 32 12 7E")) {
		t.Errorf("paper-out replies % X", got)
	}
	p.PaperOut(false)
	p.CoverOpen(true)
	if got := p.Receive(unhex(t, "10 04 02")); !bytes.Equal(got, []byte{0x16}) {
		t.Errorf("cover-open reply % X", got)
	}
	p.CoverOpen(false)
	p.CutterJam(true)
	if got := p.Receive(unhex(t, "10 04 03")); !bytes.Equal(got, []byte{0x1A}) {
		t.Errorf("cutter reply % X", got)
	}
	if got := p.Receive(unhex(t, "10 04 05 10 04 00")); len(got) != 0 {
		t.Errorf("n outside 1–4 answered % X", got)
	}
}

// TestHoldAndResume: what arrives while the printer cannot print is held
// and printed when the fault clears; nothing is lost or printed twice.
func TestHoldAndResume(t *testing.T) {
	var got []Receipt
	p := New(Config{OnReceipt: func(r Receipt) { got = append(got, r) }})
	p.CoverOpen(true)
	p.Receive(unhex(t, "1B40 41 0A 1D5641 00"))
	if len(got) != 0 || p.Held() != 8 {
		t.Fatalf("printed %d receipts, held %d bytes while the cover was open", len(got), p.Held())
	}
	p.CoverOpen(false)
	if len(got) != 1 || !slices.Equal(got[0].Lines(), []string{"A"}) || p.Held() != 0 {
		t.Fatalf("after closing the cover: %+v, held %d", got, p.Held())
	}

	// The paper runs out after the second line; the rest prints when a
	// roll is loaded, on the same receipt.
	p.RunOutAfter(2)
	p.Receive(unhex(t, "31 0A 32 0A 33 0A 34 0A 1D5641 00"))
	if !p.Status().PaperOut || len(got) != 1 {
		t.Fatalf("paper out %v, %d receipts", p.Status().PaperOut, len(got))
	}
	if ans, err := p.Do("paper load"); err != nil || !strings.Contains(ans, "ready") {
		t.Fatalf("paper load: %q %v", ans, err)
	}
	if len(got) != 2 || !slices.Equal(got[1].Lines(), []string{"1", "2", "3", "4"}) || got[1].Cut != FullCut {
		t.Fatalf("resumed receipt %+v", got)
	}
}

// TestIdleTear: a receipt without a cut is torn off when the host falls
// silent, but not while the printer holds data back.
func TestIdleTear(t *testing.T) {
	p := New(Config{Profile: lookup(t, "generic-58")})
	p.Receive([]byte("A\n"))
	p.Idle()
	if rs := p.Receipts(); len(rs) != 1 || rs[0].Cut != Torn || rs[0].PaperMM != 58 {
		t.Fatalf("%+v", rs)
	}
	p.Idle()
	if n := len(p.Receipts()); n != 1 {
		t.Fatalf("an empty receipt was torn off: %d", n)
	}
}

// TestDo: the control actions a technician types, and refusals that say
// what is possible.
func TestDo(t *testing.T) {
	p := New(Config{})
	for _, tc := range []struct {
		action, want string
		check        func(escpos.Status) bool
	}{
		{"paper low", "paper near end", func(s escpos.Status) bool { return s.PaperNearEnd && s.Ready() }},
		{"paper out", "paper out", func(s escpos.Status) bool { return s.PaperOut && !s.Ready() }},
		{"PAPER LOAD", "ready", func(s escpos.Status) bool { return s.Ready() && !s.PaperNearEnd }},
		{"cover open", "cover open", func(s escpos.Status) bool { return s.CoverOpen }},
		{"cover close", "ready", escpos.Status.Ready},
		{"offline", "offline", func(s escpos.Status) bool { return s.Offline }},
		{"online", "ready", escpos.Status.Ready},
		{"head hot", "overheated", func(s escpos.Status) bool { return s.AutoRecover }},
		{"head cool", "ready", escpos.Status.Ready},
		{"runout 3", "after 3 more lines", escpos.Status.Ready},
		{"status", "ready", escpos.Status.Ready},
	} {
		ans, err := p.Do(tc.action)
		if err != nil || !strings.Contains(ans, tc.want) || !tc.check(p.Status()) {
			t.Errorf("%s: %q %v (status %s)", tc.action, ans, err, p.Status())
		}
	}
	for _, bad := range []string{"", "paper", "runout x", "runout 0", "explode"} {
		if _, err := p.Do(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// TestPNG: the picture of a receipt has the paper's width plus margins,
// black where text and the QR code are, and the QR code drawn is the
// symbol of the data received.
func TestPNG(t *testing.T) {
	font := testFont(t)
	prof := lookup(t, "generic-80")
	b, err := escpos.NewDoc().Text("A012", escpos.Huge).QR("http://192.168.1.10/q/A012", escpos.QR{ModuleSize: 4}).Render(prof, font)
	if err != nil {
		t.Fatal(err)
	}
	r := Decode(b, prof)[0]
	img := r.Image(font)
	if img.Bounds().Dx() != prof.PrintableDots+2*marginX {
		t.Fatalf("width %d", img.Bounds().Dx())
	}
	dark := func(x0, y0, x1, y1 int) int {
		n := 0
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				if img.GrayAt(x, y).Y < 0x80 {
					n++
				}
			}
		}
		return n
	}
	number := escpos.LineHeight * 4
	if n := dark(marginX, marginY, marginX+prof.PrintableDots, marginY+number); n < 1000 {
		t.Errorf("the huge number has %d dark pixels", n)
	}
	sym, err := escpos.QRImage("http://192.168.1.10/q/A012", escpos.QRLevelM, 4) // the driver sends level M
	if err != nil {
		t.Fatal(err)
	}
	top := marginY + number + (r.Items[0].Spacing - escpos.LineHeight)
	for y := range sym.Bounds().Dy() {
		for x := range sym.Bounds().Dx() {
			if got, want := img.GrayAt(marginX+x, top+y).Y, sym.GrayAt(x, y).Y; got != want {
				t.Fatalf("QR pixel (%d,%d) is %d, want %d", x, y, got, want)
			}
		}
	}
	var buf bytes.Buffer
	if err := r.PNG(&buf, font); err != nil || !bytes.HasPrefix(buf.Bytes(), []byte("\x89PNG")) {
		t.Fatalf("PNG: %v", err)
	}
}
