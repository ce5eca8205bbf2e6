package report_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bianmin/appliance/report"
	"bianmin/embedded"

	"github.com/jung-kurt/gofpdf"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// The font is the caller's: without one WritePDF refuses, and a font that
// cannot be read is reported, not written as a broken PDF.
func TestWritePDFNeedsTheCallersFont(t *testing.T) {
	doc := &report.Document{Title: "周通报", Center: centerName, Period: "2026-03-02"}
	var buf bytes.Buffer
	if err := report.WritePDF(&buf, doc, report.PDFOptions{}); err == nil || !strings.Contains(err.Error(), "no font") {
		t.Fatalf("no font: err %v, want a refusal naming the missing font", err)
	}
	broken := errors.New("disk on fire")
	err := report.WritePDF(&buf, doc, report.PDFOptions{Font: func() ([]byte, error) { return nil, broken }})
	if !errors.Is(err, broken) {
		t.Fatalf("font error: got %v, want it wrapped", err)
	}
	if buf.Len() != 0 {
		t.Fatalf("wrote %d bytes after failing", buf.Len())
	}
}

// The report font covers GBK: every character of the GBK code table is in
// its character map except the 83 the WenQuanYi face never had (ideographic
// description characters, some radicals and CJK Extension A characters).
// A subset font, however careful, fails here. Names with rare characters
// (堃, 玥, 喆) come out of a PDF as text.
func TestReportFontCoversGBK(t *testing.T) {
	font, err := embedded.Font()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "font.ttf")
	if err := os.WriteFile(path, font, 0o600); err != nil {
		t.Fatal(err)
	}
	ttf, err := gofpdf.TtfParse(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := simplifiedchinese.GBK.NewDecoder()
	total, missing, hanMissing := 0, 0, []rune{}
	for lead := 0x81; lead <= 0xfe; lead++ {
		for trail := 0x40; trail <= 0xfe; trail++ {
			if trail == 0x7f {
				continue
			}
			s, err := dec.Bytes([]byte{byte(lead), byte(trail)})
			r := []rune(string(s))
			if err != nil || len(r) != 1 || r[0] == '\uFFFD' || (r[0] >= 0xE000 && r[0] <= 0xF8FF) {
				continue // unassigned or user-defined (private use)
			}
			total++
			if _, ok := ttf.Chars[uint16(r[0])]; !ok {
				missing++
				if r[0] >= 0x4E00 && r[0] <= 0x9FFF {
					hanMissing = append(hanMissing, r[0])
				}
			}
		}
	}
	if total < 21800 {
		t.Fatalf("read %d GBK characters; the decoder table looks wrong", total)
	}
	if missing > 83 || len(hanMissing) > 0 {
		t.Fatalf("the font lacks %d of %d GBK characters (the whole face lacks 83), CJK unified ideographs among them: %q",
			missing, total, string(hanMissing))
	}
	for _, r := range "堃玥喆" {
		if _, ok := ttf.Chars[uint16(r)]; !ok {
			t.Errorf("the font lacks %q", r)
		}
	}

	doc := &report.Document{Title: "周通报", Center: centerName, Period: "2026-03-02",
		Sections: []report.Section{{Heading: "姓名", Paragraphs: []string{"王堃、李玥、张喆"}}}}
	var buf bytes.Buffer
	if err := report.WritePDF(&buf, doc, pdfOptions); err != nil {
		t.Fatal(err)
	}
	if text := pdfText(t, buf.Bytes()); !strings.Contains(text, "王堃、李玥、张喆") {
		t.Errorf("PDF text lacks the rare names:\n%s", text)
	}
}
