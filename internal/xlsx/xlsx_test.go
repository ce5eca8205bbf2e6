package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// A workbook read back with excelize (an independent reader): sheets in
// order, text and numbers, styles, merges, the frozen heading, widths.
func TestWorkbookReadsBack(t *testing.T) {
	var buf bytes.Buffer
	b := New(&buf)
	bold := b.Style(Style{Bold: true, Size: 14})
	head := b.Style(Style{Bold: true, Fill: "E4E9F1", Border: "999999", HAlign: "center", VAlign: "center", Wrap: true})
	num := b.Style(Style{Border: "999999", VAlign: "top"})
	s, err := b.Sheet("月汇总", SheetOptions{Widths: []float64{12, 0, 30.5}, Freeze: 3})
	if err != nil {
		t.Fatal(err)
	}
	must(t, s.Row(1, Text("青山镇便民服务中心", bold)))
	must(t, s.Row(3, Text("工号", head), Text("姓名", head), Text("迟到", head)))
	must(t, s.Row(4, Text("QS001", 0), Text("  王<堃> & \"玥\"\x01 ", 0), Number(4, num)))
	must(t, s.Row(5, Text("民政办", head), Cell{Style: head}, Cell{Style: head}))
	must(t, s.Merge(1, 5, 3, 5))
	must(t, s.Row(6, Cell{}, Text(strings.Repeat("长", MaxCellChars+10), 0), Number(1.5, num)))
	s2, err := b.Sheet("Sheet (2)", SheetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	must(t, s2.Row(1, Number(-0.25, 0)))
	must(t, b.Close())

	checkWellFormed(t, buf.Bytes())
	x, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if got := x.GetSheetList(); !slices.Equal(got, []string{"月汇总", "Sheet (2)"}) {
		t.Fatalf("sheets %q", got)
	}
	if x.GetActiveSheetIndex() != 0 {
		t.Errorf("active sheet %d, want the first", x.GetActiveSheetIndex())
	}
	for cell, want := range map[string]string{"A1": "青山镇便民服务中心", "B3": "姓名", "B4": `  王<堃> & "玥" `, "C4": "4", "C6": "1.5", "A6": "", "A2": ""} {
		if v, _ := x.GetCellValue("月汇总", cell); v != want {
			t.Errorf("%s = %q, want %q", cell, v, want)
		}
	}
	if v, _ := x.GetCellValue("月汇总", "B6"); len([]rune(v)) != MaxCellChars {
		t.Errorf("long text kept %d characters, want %d", len([]rune(v)), MaxCellChars)
	}
	if v, _ := x.GetCellValue("Sheet (2)", "A1"); v != "-0.25" {
		t.Errorf("Sheet (2) A1 = %q", v)
	}
	for cell, want := range map[string]excelize.CellType{"C4": excelize.CellTypeUnset, "B4": excelize.CellTypeInlineString} {
		if typ, _ := x.GetCellType("月汇总", cell); typ != want {
			t.Errorf("%s type %v, want %v", cell, typ, want)
		}
	}
	id, _ := x.GetCellStyle("月汇总", "B3")
	st, err := x.GetStyle(id)
	if err != nil || st.Font == nil || !st.Font.Bold || st.Fill.Type != "pattern" || st.Fill.Pattern != 1 ||
		len(st.Border) != 4 || st.Alignment == nil || st.Alignment.Horizontal != "center" || !st.Alignment.WrapText {
		t.Errorf("heading style %+v (%v)", st, err)
	}
	// excelize reports colours only for workbooks with a theme: look at
	// the style sheet itself.
	styles := part(t, buf.Bytes(), "xl/styles.xml")
	for _, want := range []string{`<fgColor rgb="FFE4E9F1"/>`, `<left style="thin"><color rgb="FF999999"/></left>`} {
		if !strings.Contains(styles, want) {
			t.Errorf("styles.xml lacks %s", want)
		}
	}
	id, _ = x.GetCellStyle("月汇总", "A1")
	if st, _ := x.GetStyle(id); st.Font == nil || !st.Font.Bold || st.Font.Size != 14 {
		t.Errorf("title font %+v", st.Font)
	}
	panes, err := x.GetPanes("月汇总")
	if err != nil || !panes.Freeze || panes.YSplit != 3 || panes.TopLeftCell != "A4" {
		t.Errorf("panes %+v (%v), want frozen under row 3", panes, err)
	}
	for col, want := range map[string]float64{"A": 12, "C": 30.5} {
		if w, _ := x.GetColWidth("月汇总", col); w != want {
			t.Errorf("column %s width %v, want %v", col, w, want)
		}
	}
	merged, err := x.GetMergeCells("月汇总")
	if err != nil || len(merged) != 1 || merged[0].GetStartAxis() != "A5" || merged[0].GetEndAxis() != "C5" || merged[0].GetCellValue() != "民政办" {
		t.Errorf("merged %v (%v), want A5:C5 民政办", merged, err)
	}
}

// A workbook without sheets still opens: Excel needs one.
func TestEmptyWorkbookHasOneSheet(t *testing.T) {
	var buf bytes.Buffer
	must(t, New(&buf).Close())
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if got := x.GetSheetList(); !slices.Equal(got, []string{"Sheet1"}) {
		t.Fatalf("sheets %q", got)
	}
}

// Mistakes are refused with a clear error, and the first one sticks.
func TestRefusals(t *testing.T) {
	for _, tc := range []struct {
		name string
		do   func(b *Workbook) error
		want string
	}{
		{"a bad sheet name", func(b *Workbook) error { _, err := b.Sheet("a/b", SheetOptions{}); return err }, "character"},
		{"a long sheet name", func(b *Workbook) error {
			_, err := b.Sheet(strings.Repeat("表", 32), SheetOptions{})
			return err
		}, "longer"},
		{"two sheets of one name", func(b *Workbook) error {
			b.Sheet("A", SheetOptions{})
			_, err := b.Sheet("a", SheetOptions{})
			return err
		}, "two sheets"},
		{"a row going up", func(b *Workbook) error {
			s, _ := b.Sheet("A", SheetOptions{})
			s.Row(2, Text("x", 0))
			return s.Row(2, Text("y", 0))
		}, "rows go down"},
		{"an unknown style", func(b *Workbook) error {
			s, _ := b.Sheet("A", SheetOptions{})
			return s.Row(1, Text("x", 9))
		}, "unknown style"},
		{"a row of a finished sheet", func(b *Workbook) error {
			s, _ := b.Sheet("A", SheetOptions{})
			b.Sheet("B", SheetOptions{})
			return s.Row(1, Text("x", 0))
		}, "finished"},
		{"a bad merge", func(b *Workbook) error {
			s, _ := b.Sheet("A", SheetOptions{})
			return s.Merge(3, 1, 2, 1)
		}, "bad merge"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := New(io.Discard)
			err := tc.do(b)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err %v, want one saying %q", err, tc.want)
			}
			if cerr := b.Close(); !errors.Is(cerr, err) && cerr != err {
				t.Fatalf("Close after the error: %v, want the same error", cerr)
			}
		})
	}
}

func TestColName(t *testing.T) {
	for n, want := range map[int]string{1: "A", 26: "Z", 27: "AA", 52: "AZ", 702: "ZZ", 703: "AAA", MaxCols: "XFD"} {
		if got := ColName(n); got != want {
			t.Errorf("ColName(%d) = %q, want %q", n, got, want)
		}
	}
}

// checkWellFormed parses every XML part of the package and checks the
// parts Excel needs are there.
func checkWellFormed(t *testing.T, file []byte) {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(file), int64(len(file)))
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, f := range z.File {
		names[f.Name] = true
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		d := xml.NewDecoder(r)
		for {
			if _, err := d.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s is not well-formed XML: %v", f.Name, err)
			}
		}
		r.Close()
	}
	for _, want := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml"} {
		if !names[want] {
			t.Errorf("no %s in the package", want)
		}
	}
}

// part returns one part of the package.
func part(t *testing.T, file []byte, name string) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(file), int64(len(file)))
	if err != nil {
		t.Fatal(err)
	}
	r, err := z.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
