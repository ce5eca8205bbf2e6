package report

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Spreadsheet limits.
const (
	maxSheetName = 31 // characters, Excel's limit
	maxColWidth  = 60 // characters
)

// xlsxStyles are the cell styles a workbook uses.
type xlsxStyles struct {
	title, head, group, total, totalNum, text, num int
}

// WriteXLSX writes the document as a workbook that Excel and WPS open: one
// sheet per table (letters are for printing and are left out), the center,
// title, period and revision in the first rows, then the table under a
// bold heading row that stays in view (frozen), numbers as numbers, and
// columns as wide as their content.
func WriteXLSX(w io.Writer, doc *Document) error {
	x := excelize.NewFile()
	defer x.Close()
	st, err := newStyles(x)
	if err != nil {
		return err
	}
	used := map[string]bool{}
	first := true
	for _, s := range doc.Sections {
		if s.Table == nil || s.Letter != nil {
			continue
		}
		name := sheetName(s.Table.Sheet, used)
		if first {
			err = x.SetSheetName("Sheet1", name)
			first = false
		} else {
			_, err = x.NewSheet(name)
		}
		if err == nil {
			err = writeSheet(x, name, doc, s, st)
		}
		if err != nil {
			return fmt.Errorf("write XLSX sheet %s: %w", name, err)
		}
	}
	if first { // no tables: a sheet with the title rows only
		if err := writeSheet(x, "Sheet1", doc, Section{}, st); err != nil {
			return err
		}
	}
	x.SetActiveSheet(0)
	_, err = x.WriteTo(w)
	return err
}

func newStyles(x *excelize.File) (xlsxStyles, error) {
	var st xlsxStyles
	border := []excelize.Border{{Type: "left", Color: "999999", Style: 1}, {Type: "right", Color: "999999", Style: 1},
		{Type: "top", Color: "999999", Style: 1}, {Type: "bottom", Color: "999999", Style: 1}}
	fill := func(c string) excelize.Fill { return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c}} }
	wrapTop := &excelize.Alignment{Vertical: "top", WrapText: true}
	defs := []struct {
		to *int
		s  excelize.Style
	}{
		{&st.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}},
		{&st.head, excelize.Style{Font: &excelize.Font{Bold: true}, Fill: fill("E4E9F1"), Border: border,
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}},
		{&st.group, excelize.Style{Font: &excelize.Font{Bold: true}, Fill: fill("F1F3F6"), Border: border}},
		{&st.total, excelize.Style{Font: &excelize.Font{Bold: true}, Fill: fill("F7F7F7"), Border: border, Alignment: wrapTop}},
		{&st.totalNum, excelize.Style{Font: &excelize.Font{Bold: true}, Fill: fill("F7F7F7"), Border: border, NumFmt: 0}},
		{&st.text, excelize.Style{Border: border, Alignment: wrapTop}},
		{&st.num, excelize.Style{Border: border, NumFmt: 0, Alignment: &excelize.Alignment{Vertical: "top"}}},
	}
	for _, d := range defs {
		id, err := x.NewStyle(&d.s)
		if err != nil {
			return st, err
		}
		*d.to = id
	}
	return st, nil
}

// sheetName makes a valid, unused sheet name of s.
func sheetName(s string, used map[string]bool) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '-'
		}
		return r
	}, strings.TrimSpace(s))
	if s == "" {
		s = "Sheet"
	}
	s = truncRunes(s, maxSheetName)
	name := s
	for n := 2; used[name]; n++ {
		suffix := fmt.Sprintf(" (%d)", n)
		name = truncRunes(s, maxSheetName-len(suffix)) + suffix
	}
	used[name] = true
	return name
}

func truncRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// writeSheet writes the title rows, the section's paragraphs and its table.
func writeSheet(x *excelize.File, sheet string, doc *Document, s Section, st xlsxStyles) error {
	row := 1
	put := func(col, r int, v any, style int) error {
		cell, err := excelize.CoordinatesToCellName(col, r)
		if err == nil {
			err = x.SetCellValue(sheet, cell, v)
		}
		if err == nil && style != 0 {
			err = x.SetCellStyle(sheet, cell, cell, style)
		}
		return err
	}
	lines := []string{doc.Center, doc.Title + " " + doc.Period, doc.Status + " · " + doc.Generated}
	if s.Heading != "" {
		lines = append(lines, s.Heading)
	}
	lines = append(lines, s.Paragraphs...)
	for i, l := range lines {
		style := 0
		if i == 0 {
			style = st.title
		}
		if err := put(1, row, l, style); err != nil {
			return err
		}
		row++
	}
	tb := s.Table
	if tb == nil {
		return nil
	}
	row++
	widths := make([]int, len(tb.Columns))
	headTop := row
	if grouped(tb) {
		if err := groupHeads(x, sheet, tb, row, st); err != nil {
			return err
		}
		row++
	}
	for i, c := range tb.Columns {
		if err := put(i+1, row, c.Head, st.head); err != nil {
			return err
		}
		widths[i] = displayWidth(c.Head)
		if grouped(tb) && c.Group == "" { // a head without a group spans both heading rows
			top, _ := excelize.CoordinatesToCellName(i+1, headTop)
			bottom, _ := excelize.CoordinatesToCellName(i+1, row)
			if err := x.MergeCell(sheet, top, bottom); err != nil {
				return err
			}
			if err := put(i+1, headTop, c.Head, st.head); err != nil {
				return err
			}
		}
	}
	if err := x.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: row, TopLeftCell: fmt.Sprintf("A%d", row+1), ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	for _, r := range tb.Rows {
		row++
		if err := writeRow(x, sheet, tb, r, row, st, widths, put); err != nil {
			return err
		}
	}
	if len(tb.Rows) == 0 && tb.Empty != "" {
		if err := put(1, row+1, tb.Empty, 0); err != nil {
			return err
		}
	}
	for i, wd := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := x.SetColWidth(sheet, col, col, float64(min(wd, maxColWidth)+2)); err != nil {
			return err
		}
	}
	return nil
}

func writeRow(x *excelize.File, sheet string, tb *Table, r Row, row int, st xlsxStyles, widths []int, put func(int, int, any, int) error) error {
	if r.Kind == RowGroup {
		if err := put(1, row, r.Cells[0].Text, st.group); err != nil {
			return err
		}
		last, _ := excelize.CoordinatesToCellName(len(tb.Columns), row)
		if err := x.MergeCell(sheet, fmt.Sprintf("A%d", row), last); err != nil {
			return err
		}
		return x.SetCellStyle(sheet, fmt.Sprintf("A%d", row), last, st.group)
	}
	for i, c := range r.Cells {
		if i >= len(tb.Columns) {
			break
		}
		style, numStyle := st.text, st.num
		if r.Kind == RowTotal {
			style, numStyle = st.total, st.totalNum
		}
		var v any = c.Text
		if c.IsNum {
			style, v = numStyle, c.Value
			if c.Value == math.Trunc(c.Value) {
				v = int64(c.Value)
			}
		}
		if err := put(i+1, row, v, style); err != nil {
			return err
		}
		widths[i] = max(widths[i], displayWidth(c.Text))
	}
	return nil
}

func grouped(tb *Table) bool {
	for _, c := range tb.Columns {
		if c.Group != "" {
			return true
		}
	}
	return false
}

// groupHeads writes the group heading row, each group merged over its
// columns.
func groupHeads(x *excelize.File, sheet string, tb *Table, row int, st xlsxStyles) error {
	for i := 0; i < len(tb.Columns); {
		if tb.Columns[i].Group == "" { // merged down over both rows by writeSheet
			i++
			continue
		}
		j := i
		for j+1 < len(tb.Columns) && tb.Columns[j+1].Group == tb.Columns[i].Group {
			j++
		}
		a, _ := excelize.CoordinatesToCellName(i+1, row)
		b, _ := excelize.CoordinatesToCellName(j+1, row)
		if err := x.SetCellValue(sheet, a, tb.Columns[i].Group); err != nil {
			return err
		}
		if j > i {
			if err := x.MergeCell(sheet, a, b); err != nil {
				return err
			}
		}
		if err := x.SetCellStyle(sheet, a, b, st.head); err != nil {
			return err
		}
		i = j + 1
	}
	return nil
}

// displayWidth counts a CJK character as two columns, others as one.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x2E80 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// WriteTableXLSX writes one table as a workbook of one sheet, styled like
// WriteXLSX's sheets: the lines first (the first, the center's name, in
// the title style), an empty row, then the table under a bold heading row
// that stays in view (frozen), numbers as numbers, columns as wide as
// their content. The rows are streamed to the file rather than built up in
// the workbook, so tens of thousands of them (a punch export) stay light
// on a small box. Column groups are not supported.
func WriteTableXLSX(w io.Writer, lines []string, tb *Table) error {
	if grouped(tb) {
		return fmt.Errorf("write XLSX sheet %s: column groups are not supported in a streamed table", tb.Sheet)
	}
	x := excelize.NewFile()
	defer x.Close()
	st, err := newStyles(x)
	if err != nil {
		return err
	}
	name := sheetName(tb.Sheet, map[string]bool{})
	if err := x.SetSheetName("Sheet1", name); err != nil {
		return err
	}
	sw, err := x.NewStreamWriter(name)
	if err != nil {
		return err
	}
	if err := streamTable(sw, lines, tb, st); err != nil {
		return fmt.Errorf("write XLSX sheet %s: %w", name, err)
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = x.WriteTo(w)
	return err
}

// streamTable writes WriteTableXLSX's sheet. A stream takes the column
// widths and the frozen pane before its first row, so the widths are
// measured first.
func streamTable(sw *excelize.StreamWriter, lines []string, tb *Table, st xlsxStyles) error {
	widths := make([]int, len(tb.Columns))
	for i, c := range tb.Columns {
		widths[i] = displayWidth(c.Head)
	}
	for _, r := range tb.Rows {
		if r.Kind == RowGroup {
			continue // merged across the table: no column's width
		}
		for i, c := range r.Cells[:min(len(r.Cells), len(widths))] {
			widths[i] = max(widths[i], displayWidth(c.Text))
		}
	}
	// The stream puts each column's width before the ones already set, and
	// Excel wants them in order: set them from the last column.
	for i, wd := range slices.Backward(widths) {
		if err := sw.SetColWidth(i+1, i+1, float64(min(wd, maxColWidth)+2)); err != nil {
			return err
		}
	}
	head := len(lines) + 2 // the lines, an empty row, the heading row
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: head, TopLeftCell: fmt.Sprintf("A%d", head+1), ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	for i, l := range lines {
		c := excelize.Cell{Value: l}
		if i == 0 {
			c.StyleID = st.title
		}
		if err := sw.SetRow(fmt.Sprintf("A%d", i+1), []any{c}); err != nil {
			return err
		}
	}
	cells := make([]any, len(tb.Columns))
	for i, c := range tb.Columns {
		cells[i] = excelize.Cell{StyleID: st.head, Value: c.Head}
	}
	if err := sw.SetRow(fmt.Sprintf("A%d", head), cells); err != nil {
		return err
	}
	row := head
	for _, r := range tb.Rows {
		row++
		if err := sw.SetRow(fmt.Sprintf("A%d", row), streamCells(tb, r, st)); err != nil {
			return err
		}
		if r.Kind == RowGroup && len(tb.Columns) > 1 {
			last, _ := excelize.CoordinatesToCellName(len(tb.Columns), row)
			if err := sw.MergeCell(fmt.Sprintf("A%d", row), last); err != nil {
				return err
			}
		}
	}
	if len(tb.Rows) == 0 && tb.Empty != "" {
		return sw.SetRow(fmt.Sprintf("A%d", row+1), []any{tb.Empty})
	}
	return nil
}

// streamCells is one row of a streamed table, styled as writeRow styles it.
func streamCells(tb *Table, r Row, st xlsxStyles) []any {
	out := make([]any, len(tb.Columns))
	if r.Kind == RowGroup {
		for i := range out {
			out[i] = excelize.Cell{StyleID: st.group}
		}
		if len(r.Cells) > 0 {
			out[0] = excelize.Cell{StyleID: st.group, Value: r.Cells[0].Text}
		}
		return out
	}
	style, numStyle := st.text, st.num
	if r.Kind == RowTotal {
		style, numStyle = st.total, st.totalNum
	}
	for i := range out {
		if i >= len(r.Cells) {
			out[i] = excelize.Cell{StyleID: style}
			continue
		}
		c := r.Cells[i]
		switch {
		case !c.IsNum:
			out[i] = excelize.Cell{StyleID: style, Value: c.Text}
		case c.Value == math.Trunc(c.Value):
			out[i] = excelize.Cell{StyleID: numStyle, Value: int64(c.Value)}
		default:
			out[i] = excelize.Cell{StyleID: numStyle, Value: c.Value}
		}
	}
	return out
}
