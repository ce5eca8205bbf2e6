package report_test

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"bianmin/appliance/center"
	"bianmin/appliance/report"
)

// pagePNG renders page n of the PDF with pdftoppm at dpi and decodes it.
func pagePNG(t *testing.T, pdf []byte, n, dpi int) (img image.Image, width, height int) {
	t.Helper()
	bin, err := exec.LookPath("pdftoppm")
	if err != nil {
		if os.Getenv("BIANMIN_REQUIRE_BROWSER") == "1" {
			t.Fatal("pdftoppm not found (apt-get install poppler-utils)")
		}
		t.Skip("pdftoppm not found")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "doc.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "page")
	if b, err := exec.Command(bin, "-png", "-r", sprintf("%d", dpi), "-f", itoa(n), "-l", itoa(n), "-singlefile", in, out).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, b)
	}
	f, err := os.Open(out + ".png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	im, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	b := im.Bounds()
	return im, b.Dx(), b.Dy()
}

// redIn counts the clearly red pixels of rows y0..y1.
func redIn(img image.Image, width, y0, y1 int) int {
	n := 0
	for y := y0; y < y1; y++ {
		for x := 0; x < width; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			if r>>8 > 150 && g>>8 < 90 && b>>8 < 90 {
				n++
			}
		}
	}
	return n
}

// TestWeeklyNoticeOfficialLayout: the published weekly notice opens with
// the center's name in red over a red rule (GB/T 9704-2012 7.2: the red
// pixels are in the page's top band and nowhere below the rule), carries
// its document number 青山便民〔2026〕1号 — the next publication the next
// number, a new year starting again at 1 — and ends with the issuing
// office and the date of publication.
func TestWeeklyNoticeOfficialLayout(t *testing.T) {
	fx := newFixture(t)
	fx.march(t)
	fx.now = at("2026-03-09", "09:00")
	r := fx.build(t, report.Weekly, "2026-03-02")
	info, err := report.Publish(fx.db, "office", r, "")
	if err != nil {
		t.Fatal(err)
	}
	if info.DocNo != "青山便民〔2026〕1号" {
		t.Fatalf("document number %q, want 青山便民〔2026〕1号", info.DocNo)
	}
	var buf bytes.Buffer
	doc := layout(t, r, &info, "zh-CN")
	if err := report.WritePDF(&buf, doc, pdfOptions); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(os.TempDir(), "bianmin-weekly-official.pdf"), buf.Bytes(), 0o644); err == nil {
		t.Logf("wrote %s", filepath.Join(os.TempDir(), "bianmin-weekly-official.pdf"))
	}
	img, w, h := pagePNG(t, buf.Bytes(), 1, 50)
	top := redIn(img, w, 0, h*15/100)
	below := redIn(img, w, h*15/100, h)
	if top < 300 || below > top/20 {
		t.Errorf("red pixels: %d in the top band, %d below; want the masthead and rule red at the top only", top, below)
	}
	text := pdfText(t, buf.Bytes())
	flat := squash(text)
	for _, want := range []string{"青山便民〔2026〕1号", "关于2026年3月2日至2026年3月8日考勤情况的通报", "各窗口单位、全体窗口工作人员：", "2026年3月9日"} {
		if !strings.Contains(flat, squash(want)) {
			t.Errorf("PDF text lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(flat, "（周一，工作日）") {
		t.Error("the title still carries the days' labels")
	}
	// The issuing office signs after the body: its name is the last
	// paragraph before the date, after the objection rule.
	last := strings.LastIndex(flat, squash(centerName))
	if last < strings.Index(flat, "异议") || !strings.Contains(flat[last:], "2026年3月9日") {
		t.Errorf("the signature (center, date) does not close the notice:\n%s", text)
	}

	// The next publication gets the next number; a new year starts over;
	// the prefix is the center's setting.
	fx.now = at("2026-03-10", "09:00")
	if next, err := report.Publish(fx.db, "office", fx.build(t, report.Weekly, "2026-03-02"), "更正"); err != nil || next.DocNo != "青山便民〔2026〕2号" {
		t.Fatalf("corrected revision: %q %v", next.DocNo, err)
	}
	if err := center.New(fx.db).Update("office", center.Settings{Name: centerName, DocPrefix: "青便"}); err != nil {
		t.Fatal(err)
	}
	fx.now = at("2027-01-05", "09:00")
	if next, err := report.Publish(fx.db, "office", fx.build(t, report.Weekly, "2026-12-28"), ""); err != nil || next.DocNo != "青便〔2027〕1号" {
		t.Fatalf("first of 2027: %q %v", next.DocNo, err)
	}
}

// TestMonthlyLettersOfficialLayout: each letter to a home unit has the red
// masthead and a number of its own (函), and is signed and dated.
func TestMonthlyLettersOfficialLayout(t *testing.T) {
	fx := newFixture(t)
	fx.march(t)
	r := fx.build(t, report.Monthly, "2026-03")
	info, err := report.Publish(fx.db, "office", r, "")
	if err != nil {
		t.Fatal(err)
	}
	if info.DocNo != "青山便民考〔2026〕1号" || len(info.LetterNos) != 2 || info.LetterNos[fx.wang.UnitID] != "青山便民函〔2026〕1号" ||
		info.LetterNos[fx.chen.UnitID] != "青山便民函〔2026〕2号" {
		t.Fatalf("numbers: %q %v", info.DocNo, info.LetterNos)
	}
	var buf bytes.Buffer
	if err := report.WritePDF(&buf, layout(t, r, &info, "zh-CN"), pdfOptions); err != nil {
		t.Fatal(err)
	}
	_ = os.WriteFile(filepath.Join(os.TempDir(), "bianmin-monthly-official.pdf"), buf.Bytes(), 0o644)
	pages := strings.Split(strings.TrimRight(pdfText(t, buf.Bytes()), "\f"), "\f")
	letters := 0
	for i, p := range pages {
		if !strings.Contains(squash(p), "函〔2026〕") {
			continue
		}
		letters++
		img, w, h := pagePNG(t, buf.Bytes(), i+1, 40)
		if n := redIn(img, w, 0, h*15/100); n < 200 {
			t.Errorf("letter page %d: %d red pixels at the top, want the masthead", i+1, n)
		}
		if !strings.Contains(squash(p), "2026年4月2日") || !strings.Contains(squash(p), "特此函告") {
			t.Errorf("letter page %d is not signed and dated:\n%s", i+1, p)
		}
	}
	if letters != 2 {
		t.Errorf("%d letters with their numbers, want 2", letters)
	}
}
