package report_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"bianmin/appliance/report"

	"github.com/xuri/excelize/v2"
)

// pdfText returns the text pdftotext reads from the PDF, pages separated
// by form feeds. It skips the test when pdftotext is missing, unless
// BIANMIN_REQUIRE_BROWSER=1 says the tools must be there.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("BIANMIN_REQUIRE_BROWSER") == "1" {
			t.Fatal("pdftotext not found (apt-get install poppler-utils)")
		}
		t.Skip("pdftotext not found")
	}
	cmd := exec.Command(bin, "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// TestPDFText: the weekly notice's PDF carries Chinese text a reader can
// find: the center, the title, names, numbers, the page numbers.
func TestPDFText(t *testing.T) {
	fx := newFixture(t)
	fx.march(t)
	r := fx.build(t, report.Weekly, "2026-03-02")
	var buf bytes.Buffer
	if err := report.WritePDF(&buf, layout(t, r, nil, "zh-CN"), pdfOptions); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatalf("not a PDF: %.20q", buf.Bytes())
	}
	text := pdfText(t, buf.Bytes())
	for _, want := range []string{centerName, "考勤情况的通报", "王建国", "陈明", "1.5", "2026年3月3日（周二，工作日）", "第 1 页 / 共 1 页", "草稿"} {
		if !strings.Contains(squash(text), squash(want)) {
			t.Errorf("PDF text lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "{nb}") {
		t.Error("the page count alias was not replaced")
	}
}

// TestPDFLongTable: 60 staff run a monthly summary over several pages,
// each with the table's heading and "第 N 页 / 共 M 页"; English too.
func TestPDFLongTable(t *testing.T) {
	fx := bigCenter(t, 60, "2026-03-01", "2026-04-01")
	fx.now = at("2026-04-02", "09:00")
	r := fx.build(t, report.Monthly, "2026-03")
	info := report.RevisionInfo{ID: 7, Revision: 2, PublishedAt: at("2026-04-03", "10:00"), PublishedBy: "office"}
	for _, c := range []struct{ lang, head, page, name string }{
		{"zh-CN", "姓名", "第 %d 页 / 共 %d 页", "阿卜杜热合曼"},
		{"en", "Name", "Page %d of %d", "阿卜杜热合曼"},
	} {
		var buf bytes.Buffer
		if err := report.WritePDF(&buf, layout(t, r, &info, c.lang), pdfOptions); err != nil {
			t.Fatal(err)
		}
		pages := strings.Split(strings.TrimRight(pdfText(t, buf.Bytes()), "\f"), "\f")
		if len(pages) < 3 {
			t.Fatalf("%s: %d pages, want the summary over several pages and the letters", c.lang, len(pages))
		}
		for i, p := range pages {
			if !strings.Contains(squash(p), squash(sprintf(c.page, i+1, len(pages)))) {
				t.Errorf("%s page %d lacks %q", c.lang, i+1, sprintf(c.page, i+1, len(pages)))
			}
			if !strings.Contains(p, centerName) {
				t.Errorf("%s page %d lacks the center's name", c.lang, i+1)
			}
		}
		if !strings.Contains(pages[1], c.head) {
			t.Errorf("%s page 2 lacks the repeated heading %q", c.lang, c.head)
		}
		if all := strings.Join(pages, ""); !strings.Contains(all, c.name) || !strings.Contains(all, "2026-04-03 10:00") {
			t.Errorf("%s: the long name or the revision's time is missing", c.lang)
		}
	}
}

// TestXLSX re-reads the monthly summary's workbook: a sheet per table,
// the center in A1, a frozen bold heading, numbers as numbers.
func TestXLSX(t *testing.T) {
	fx := newFixture(t)
	fx.march(t)
	r := fx.build(t, report.Monthly, "2026-03")
	var buf bytes.Buffer
	if err := report.WriteXLSX(&buf, layout(t, r, nil, "zh-CN")); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if got := strings.Join(x.GetSheetList(), ","); got != "月汇总,按单位汇总" {
		t.Errorf("sheets: %s", got)
	}
	const sheet = "月汇总"
	if v, _ := x.GetCellValue(sheet, "A1"); v != centerName {
		t.Errorf("A1: %q", v)
	}
	rows, err := x.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	head := -1
	for i, row := range rows {
		if len(row) > 1 && row[0] == "工号" && row[1] == "姓名" {
			head = i + 1
		}
	}
	if head < 0 {
		t.Fatalf("no heading row in %q", rows)
	}
	panes, err := x.GetPanes(sheet)
	if err != nil || !panes.Freeze || panes.YSplit != head {
		t.Errorf("panes: %+v %v, want frozen below row %d", panes, err, head)
	}
	style, _ := x.GetCellStyle(sheet, "A"+itoa(head))
	if st, err := x.GetStyle(style); err != nil || st.Font == nil || !st.Font.Bold {
		t.Errorf("heading style: %+v %v", st, err)
	}
	// 王建国's row: the unit's name, then his line.
	wangRow := head + 2
	late, _ := excelize.CoordinatesToCellName(4, wangRow)
	absent, _ := excelize.CoordinatesToCellName(7, wangRow)
	if v, _ := x.GetCellValue(sheet, "B"+itoa(wangRow)); v != "王建国" {
		t.Fatalf("row %d: %q", wangRow, v)
	}
	for cell, want := range map[string]string{late: "4", absent: "1.5"} {
		v, _ := x.GetCellValue(sheet, cell)
		typ, _ := x.GetCellType(sheet, cell)
		if v != want || (typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset) {
			t.Errorf("%s: %q (type %v), want the number %s", cell, v, typ, want)
		}
	}
}

func itoa(n int) string { return sprintf("%d", n) }

var sprintf = fmt.Sprintf

// squash drops spaces: pdftotext does not keep those between CJK text.
func squash(s string) string { return strings.Join(strings.Fields(s), "") }
