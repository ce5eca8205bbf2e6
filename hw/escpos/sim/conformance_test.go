package sim

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"bianmin/hw/escpos"
)

// TestEscposPHPFixture: a receipt written by mike42/escpos-php, an
// ESC/POS encoder independent of ours (see CONFORMANCE.md for the script),
// decodes to what that script printed — GBK text in Kanji mode, ESC !,
// underline and reverse, a QR code, a CODE39 barcode, Function B cuts.
func TestEscposPHPFixture(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "escpos-php-receipt.bin"))
	if err != nil {
		t.Fatal(err)
	}
	rs := Decode(b, lookup(t, "generic-80"))
	if len(rs) != 2 {
		t.Fatalf("%d receipts, want 2", len(rs))
	}
	want := []string{
		"便民服务中心", "A012", "姓名：张堃 王玥 李喆", "Underlined", "Reverse", "right",
		"[QR http://192.168.1.10/q/A012]", "", "[barcode A012]",
	}
	if got := rs[0].Lines(); !slices.Equal(got, want) || rs[0].Cut != FullCut {
		t.Errorf("receipt 1 (%s):\n%q\nwant\n%q", rs[0].Cut, got, want)
	}
	if got := rs[1].Lines(); !slices.Equal(got, []string{"second"}) || rs[1].Cut != PartialCut {
		t.Errorf("receipt 2 (%s): %q", rs[1].Cut, got)
	}
	title := rs[0].Items[0]
	if r := title.Runs[0]; title.Align != escpos.AlignCenter || !r.Bold || r.Width != 2 || r.Height != 2 {
		t.Errorf("title %+v", title)
	}
	if r := rs[0].Items[1].Runs[0]; r.Width != 2 || r.Height != 1 || r.Bold {
		t.Errorf("ESC ! double width: %+v", r)
	}
	if it := rs[0].Items[5]; it.Align != escpos.AlignRight {
		t.Errorf("right-aligned line is %s", it.Align)
	}
	if q := rs[0].Items[6].QR; q.ModuleSize != 6 || q.Level != escpos.QRLevelM || q.Model != 2 {
		t.Errorf("QR %+v", *q)
	}
	d := NewDecoder(lookup(t, "generic-80"))
	d.Write(b)
	if d.Unknown != 0 {
		t.Errorf("%d commands of escpos-php not known", d.Unknown)
	}

	// Our encoder sends the same five GS ( k functions, byte for byte, for
	// the same symbol.
	var e escpos.Encoder
	if err := e.QRCode([]byte("http://192.168.1.10/q/A012"), 6, escpos.QRLevelM); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, e.Bytes()) {
		t.Errorf("escpos-php's QR code commands differ from ours:\nours % X", e.Bytes())
	}
}
