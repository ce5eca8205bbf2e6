package report

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"bianmin/internal/xlsx"
)

// Spreadsheet limits.
const (
	maxSheetName = xlsx.MaxSheetName // characters, Excel's limit
	maxColWidth  = 60                // characters
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
	x := xlsx.New(w)
	st := newStyles(x)
	used := map[string]bool{}
	for _, s := range doc.Sections {
		if s.Table == nil || s.Letter != nil {
			continue
		}
		name := sheetName(s.Table.Sheet, used)
		lines := []string{doc.Center, doc.Title + " " + doc.Period, doc.Status + " · " + doc.Generated}
		if s.Heading != "" {
			lines = append(lines, s.Heading)
		}
		if err := writeSheet(x, name, append(lines, s.Paragraphs...), s.Table, st); err != nil {
			return fmt.Errorf("write XLSX sheet %s: %w", name, err)
		}
	}
	if len(used) == 0 { // no tables: a sheet with the title rows only
		lines := []string{doc.Center, doc.Title + " " + doc.Period, doc.Status + " · " + doc.Generated}
		if err := writeSheet(x, "Sheet1", lines, nil, st); err != nil {
			return err
		}
	}
	return x.Close()
}

// WriteTableXLSX writes one table as a workbook of one sheet, styled like
// WriteXLSX's sheets: the lines first (the first, the center's name, in
// the title style), an empty row, then the table under a bold heading row
// that stays in view (frozen), numbers as numbers, columns as wide as
// their content. The rows are streamed to the file rather than built up in
// memory, so tens of thousands of them (a punch export) stay light on a
// small box.
func WriteTableXLSX(w io.Writer, lines []string, tb *Table) error {
	x := xlsx.New(w)
	name := sheetName(tb.Sheet, map[string]bool{})
	if err := writeSheet(x, name, lines, tb, newStyles(x)); err != nil {
		return fmt.Errorf("write XLSX sheet %s: %w", name, err)
	}
	return x.Close()
}

func newStyles(x *xlsx.Workbook) xlsxStyles {
	const border = "999999"
	return xlsxStyles{
		title:    x.Style(xlsx.Style{Bold: true, Size: 14}),
		head:     x.Style(xlsx.Style{Bold: true, Fill: "E4E9F1", Border: border, HAlign: "center", VAlign: "center", Wrap: true}),
		group:    x.Style(xlsx.Style{Bold: true, Fill: "F1F3F6", Border: border}),
		total:    x.Style(xlsx.Style{Bold: true, Fill: "F7F7F7", Border: border, VAlign: "top", Wrap: true}),
		totalNum: x.Style(xlsx.Style{Bold: true, Fill: "F7F7F7", Border: border}),
		text:     x.Style(xlsx.Style{Border: border, VAlign: "top", Wrap: true}),
		num:      x.Style(xlsx.Style{Border: border, VAlign: "top"}),
	}
}

// sheetName makes a valid, unused sheet name of s.
func sheetName(s string, used map[string]bool) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '-'
		}
		return r
	}, strings.TrimSpace(s))
	s = strings.Trim(s, "'")
	if s == "" {
		s = "Sheet"
	}
	s = truncRunes(s, maxSheetName)
	name := s
	for n := 2; used[strings.ToLower(name)]; n++ {
		suffix := fmt.Sprintf(" (%d)", n)
		name = truncRunes(s, maxSheetName-len(suffix)) + suffix
	}
	used[strings.ToLower(name)] = true
	return name
}

func truncRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// writeSheet writes one sheet: the lines in column A (the first in the
// title style), then, after an empty row, the table (when there is one):
// its group heading row (each group merged over its columns, a column
// without a group merged down over both heading rows), its heading row,
// frozen, and its rows.
func writeSheet(x *xlsx.Workbook, name string, lines []string, tb *Table, st xlsxStyles) error {
	opt := xlsx.SheetOptions{}
	head := 0 // the heading row
	if tb != nil {
		head = len(lines) + 2
		if grouped(tb) {
			head++
		}
		opt.Freeze = head
		for _, wd := range columnWidths(tb) {
			opt.Widths = append(opt.Widths, float64(min(wd, maxColWidth)+2))
		}
	}
	sh, err := x.Sheet(name, opt)
	if err != nil {
		return err
	}
	for i, l := range lines {
		style := 0
		if i == 0 {
			style = st.title
		}
		if err := sh.Row(i+1, xlsx.Text(l, style)); err != nil {
			return err
		}
	}
	if tb == nil {
		return nil
	}
	if grouped(tb) {
		if err := groupHeads(sh, tb, head-1, st); err != nil {
			return err
		}
	}
	cells := make([]xlsx.Cell, len(tb.Columns))
	for i, c := range tb.Columns {
		cells[i] = xlsx.Text(c.Head, st.head)
	}
	if err := sh.Row(head, cells...); err != nil {
		return err
	}
	row := head
	for _, r := range tb.Rows {
		row++
		if err := sh.Row(row, rowCells(tb, r, st)...); err != nil {
			return err
		}
		if r.Kind == RowGroup && len(tb.Columns) > 1 {
			if err := sh.Merge(1, row, len(tb.Columns), row); err != nil {
				return err
			}
		}
	}
	if len(tb.Rows) == 0 && tb.Empty != "" {
		return sh.Row(row+1, xlsx.Text(tb.Empty, 0))
	}
	return nil
}

// columnWidths measures each column's content: its heading and its cells
// (group rows span the table and count for no column).
func columnWidths(tb *Table) []int {
	widths := make([]int, len(tb.Columns))
	for i, c := range tb.Columns {
		widths[i] = displayWidth(c.Head)
	}
	for _, r := range tb.Rows {
		if r.Kind == RowGroup {
			continue
		}
		for i, c := range r.Cells[:min(len(r.Cells), len(widths))] {
			widths[i] = max(widths[i], displayWidth(c.Text))
		}
	}
	return widths
}

// rowCells is one row of a table: a group row's text in the first cell
// and its style across the row; other rows' text and numbers in the text,
// number or total styles.
func rowCells(tb *Table, r Row, st xlsxStyles) []xlsx.Cell {
	out := make([]xlsx.Cell, len(tb.Columns))
	if r.Kind == RowGroup {
		for i := range out {
			out[i] = xlsx.Cell{Style: st.group}
		}
		if len(r.Cells) > 0 && len(out) > 0 {
			out[0].Text = r.Cells[0].Text
		}
		return out
	}
	style, numStyle := st.text, st.num
	if r.Kind == RowTotal {
		style, numStyle = st.total, st.totalNum
	}
	for i := range out {
		switch {
		case i >= len(r.Cells):
			out[i] = xlsx.Cell{Style: style}
		case r.Cells[i].IsNum:
			out[i] = xlsx.Number(r.Cells[i].Value, numStyle)
		default:
			out[i] = xlsx.Text(r.Cells[i].Text, style)
		}
	}
	return out
}

func grouped(tb *Table) bool {
	for _, c := range tb.Columns {
		if c.Group != "" {
			return true
		}
	}
	return false
}

// groupHeads writes the group heading row: each group's name over its
// columns (merged), and the heading of a column without a group merged
// down over both heading rows.
func groupHeads(sh *xlsx.Sheet, tb *Table, row int, st xlsxStyles) error {
	cells := make([]xlsx.Cell, len(tb.Columns))
	for i := range cells {
		cells[i] = xlsx.Cell{Style: st.head}
	}
	var merges [][4]int
	for i := 0; i < len(tb.Columns); {
		if tb.Columns[i].Group == "" {
			cells[i].Text = tb.Columns[i].Head
			merges = append(merges, [4]int{i + 1, row, i + 1, row + 1})
			i++
			continue
		}
		j := i
		for j+1 < len(tb.Columns) && tb.Columns[j+1].Group == tb.Columns[i].Group {
			j++
		}
		cells[i].Text = tb.Columns[i].Group
		if j > i {
			merges = append(merges, [4]int{i + 1, row, j + 1, row})
		}
		i = j + 1
	}
	if err := sh.Row(row, cells...); err != nil {
		return err
	}
	for _, m := range merges {
		if err := sh.Merge(m[0], m[1], m[2], m[3]); err != nil {
			return err
		}
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
