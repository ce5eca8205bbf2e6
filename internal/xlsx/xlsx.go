package xlsx

import (
	"archive/zip"
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Limits of a worksheet (Excel's).
const (
	MaxRows      = 1 << 20 // rows in a sheet
	MaxCols      = 1 << 14 // columns in a sheet
	MaxCellChars = 32767   // characters in a cell; longer text is cut
	MaxSheetName = 31      // characters in a sheet's name
)

// Style is how a cell looks. The zero Style is the workbook's default
// (Calibri 11, no fill, no border, general number format).
type Style struct {
	Bold   bool
	Size   float64 // font size in points; 0 is 11
	Fill   string  // solid background as RGB hex ("E4E9F1"); "" is none
	Border string  // thin border on all four sides in this RGB hex colour; "" is none
	HAlign string  // "", "left", "center" or "right"
	VAlign string  // "", "top", "center" or "bottom"
	Wrap   bool    // wrap text within the column's width
}

// Cell is one cell: text, or a number when IsNum is set. A cell with no
// text and no number but a style is written as an empty styled cell
// (borders of a merged range, for example).
type Cell struct {
	Text  string
	Num   float64
	IsNum bool
	Style int // from Workbook.Style; 0 is the default style
}

// Text is a text cell.
func Text(s string, style int) Cell { return Cell{Text: s, Style: style} }

// Number is a number cell.
func Number(v float64, style int) Cell { return Cell{Num: v, IsNum: true, Style: style} }

// SheetOptions are what a sheet needs before its first row.
type SheetOptions struct {
	Widths []float64 // column widths in characters from column A; 0 leaves a column at Excel's default
	Freeze int       // rows that stay in view at the top (a frozen pane); 0 is none
}

// Workbook writes one .xlsx file to w. Sheets are written one after the
// other: Sheet ends the previous one. The first error sticks: every later
// call returns it.
type Workbook struct {
	zw     *zip.Writer
	styles []Style
	names  []string
	cur    *Sheet
	err    error
}

// New starts a workbook written to w. Close finishes it.
func New(w io.Writer) *Workbook {
	return &Workbook{zw: zip.NewWriter(w)}
}

// Style adds a cell style and returns its number for Cell.Style. Styles
// may be added at any time before Close.
func (b *Workbook) Style(s Style) int {
	b.styles = append(b.styles, s)
	return len(b.styles)
}

// Sheet ends the current sheet and starts the next one, named name
// (unique, at most 31 characters, none of : \ / ? * [ ]).
func (b *Workbook) Sheet(name string, opt SheetOptions) (*Sheet, error) {
	if b.err != nil {
		return nil, b.err
	}
	if err := b.endSheet(); err != nil {
		return nil, err
	}
	if err := checkSheetName(name, b.names); err != nil {
		return nil, b.fail(err)
	}
	if opt.Freeze < 0 || opt.Freeze >= MaxRows || len(opt.Widths) > MaxCols {
		return nil, b.fail(fmt.Errorf("xlsx: sheet %q: frozen rows %d or %d column widths out of range", name, opt.Freeze, len(opt.Widths)))
	}
	b.names = append(b.names, name)
	f, err := b.zw.Create(fmt.Sprintf("xl/worksheets/sheet%d.xml", len(b.names)))
	if err != nil {
		return nil, b.fail(err)
	}
	s := &Sheet{b: b, name: name, w: bufio.NewWriterSize(f, 32<<10)}
	b.cur = s
	s.begin(opt, len(b.names) == 1)
	return s, b.err
}

// Close ends the last sheet and writes the workbook's parts; a workbook
// without sheets gets one empty sheet, as Excel needs one.
func (b *Workbook) Close() error {
	if b.err != nil {
		return b.err
	}
	if len(b.names) == 0 {
		if _, err := b.Sheet("Sheet1", SheetOptions{}); err != nil {
			return err
		}
	}
	if err := b.endSheet(); err != nil {
		return err
	}
	parts := []struct {
		name string
		body func(w *bufio.Writer)
	}{
		{"xl/workbook.xml", b.workbookXML},
		{"xl/_rels/workbook.xml.rels", b.workbookRels},
		{"xl/styles.xml", b.stylesXML},
		{"_rels/.rels", func(w *bufio.Writer) { w.WriteString(xmlHead + rootRels) }},
		{"[Content_Types].xml", b.contentTypes},
	}
	for _, p := range parts {
		f, err := b.zw.Create(p.name)
		if err != nil {
			return b.fail(err)
		}
		w := bufio.NewWriter(f)
		p.body(w)
		if err := w.Flush(); err != nil {
			return b.fail(err)
		}
	}
	return b.fail(b.zw.Close())
}

func (b *Workbook) fail(err error) error {
	if b.err == nil && err != nil {
		b.err = err
	}
	return b.err
}

func (b *Workbook) endSheet() error {
	if b.cur == nil {
		return b.err
	}
	s := b.cur
	b.cur = nil
	return b.fail(s.end())
}

// Sheet is the worksheet being written.
type Sheet struct {
	b       *Workbook
	name    string
	w       *bufio.Writer
	row     int // the last row written
	merges  []string
	done    bool
	scratch [64]byte // number formatting without allocations
}

// Row writes row number row (from 1, above the last row written; rows in
// between stay empty) with cells from column A. An empty unstyled cell is
// left out.
func (s *Sheet) Row(row int, cells ...Cell) error {
	if s.b.err != nil {
		return s.b.err
	}
	if s.done {
		return s.b.fail(fmt.Errorf("xlsx: sheet %q is finished", s.name))
	}
	switch {
	case row <= s.row || row > MaxRows:
		return s.b.fail(fmt.Errorf("xlsx: sheet %q: row %d after row %d (rows go down, at most %d)", s.name, row, s.row, MaxRows))
	case len(cells) > MaxCols:
		return s.b.fail(fmt.Errorf("xlsx: sheet %q row %d: %d cells, at most %d", s.name, row, len(cells), MaxCols))
	}
	s.row = row
	w := s.w
	r := strconv.AppendInt(s.scratch[:0], int64(row), 10)
	w.WriteString(`<row r="`)
	w.Write(r)
	w.WriteString(`">`)
	for i, c := range cells {
		if c.Style < 0 || c.Style > len(s.b.styles) {
			return s.b.fail(fmt.Errorf("xlsx: sheet %q: cell %s%s has unknown style %d", s.name, ColName(i+1), r, c.Style))
		}
		if !c.IsNum && c.Text == "" && c.Style == 0 {
			continue
		}
		w.WriteString(`<c r="`)
		writeColName(w, i+1)
		w.Write(r)
		w.WriteByte('"')
		if c.Style != 0 {
			w.WriteString(` s="`)
			w.Write(strconv.AppendInt(s.scratch[len(r):len(r)], int64(c.Style), 10))
			w.WriteByte('"')
		}
		switch {
		case c.IsNum && !math.IsNaN(c.Num) && !math.IsInf(c.Num, 0):
			w.WriteString(`><v>`)
			w.Write(strconv.AppendFloat(s.scratch[len(r):len(r)], c.Num, 'g', -1, 64))
			w.WriteString(`</v></c>`)
		case c.IsNum: // not a number Excel can hold: say so as text
			w.WriteString(` t="inlineStr"><is><t>` + strconv.FormatFloat(c.Num, 'g', -1, 64) + `</t></is></c>`)
		case c.Text == "":
			w.WriteString(`/>`)
		default:
			w.WriteString(` t="inlineStr"><is><t xml:space="preserve">`)
			escape(w, c.Text, MaxCellChars)
			w.WriteString(`</t></is></c>`)
		}
	}
	w.WriteString(`</row>`)
	return nil
}

// Merge merges the cells from (fromCol, fromRow) to (toCol, toRow),
// columns and rows counted from 1. The top-left cell's value shows.
func (s *Sheet) Merge(fromCol, fromRow, toCol, toRow int) error {
	if s.b.err != nil {
		return s.b.err
	}
	if fromCol < 1 || fromRow < 1 || toCol < fromCol || toRow < fromRow || toCol > MaxCols || toRow > MaxRows {
		return s.b.fail(fmt.Errorf("xlsx: sheet %q: bad merge %d,%d–%d,%d", s.name, fromCol, fromRow, toCol, toRow))
	}
	s.merges = append(s.merges, ColName(fromCol)+strconv.Itoa(fromRow)+":"+ColName(toCol)+strconv.Itoa(toRow))
	return nil
}

func (s *Sheet) begin(opt SheetOptions, first bool) {
	w := s.w
	w.WriteString(xmlHead + `<worksheet xmlns="` + nsMain + `" xmlns:r="` + nsRel + `"><sheetViews><sheetView`)
	if first {
		w.WriteString(` tabSelected="1"`)
	}
	w.WriteString(` workbookViewId="0"`)
	if opt.Freeze > 0 {
		top := "A" + strconv.Itoa(opt.Freeze+1)
		w.WriteString(`><pane ySplit="` + strconv.Itoa(opt.Freeze) + `" topLeftCell="` + top + `" activePane="bottomLeft" state="frozen"/>` +
			`<selection pane="bottomLeft" activeCell="` + top + `" sqref="` + top + `"/></sheetView>`)
	} else {
		w.WriteString(`/>`)
	}
	w.WriteString(`</sheetViews><sheetFormatPr defaultRowHeight="15"/>`)
	cols := false
	for i, wd := range opt.Widths {
		if wd <= 0 {
			continue
		}
		if !cols {
			w.WriteString(`<cols>`)
			cols = true
		}
		n := strconv.Itoa(i + 1)
		w.WriteString(`<col min="` + n + `" max="` + n + `" width="` + strconv.FormatFloat(min(wd, 255), 'f', -1, 64) + `" customWidth="1"/>`)
	}
	if cols {
		w.WriteString(`</cols>`)
	}
	w.WriteString(`<sheetData>`)
}

func (s *Sheet) end() error {
	if s.done {
		return nil
	}
	s.done = true
	w := s.w
	w.WriteString(`</sheetData>`)
	if len(s.merges) > 0 {
		w.WriteString(`<mergeCells count="` + strconv.Itoa(len(s.merges)) + `">`)
		for _, m := range s.merges {
			w.WriteString(`<mergeCell ref="` + m + `"/>`)
		}
		w.WriteString(`</mergeCells>`)
	}
	w.WriteString(`<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`)
	return w.Flush()
}

// ColName is a column's letters: 1 is A, 27 is AA.
func ColName(n int) string {
	var b [4]byte
	return string(colName(&b, n))
}

func colName(b *[4]byte, n int) []byte {
	i := len(b)
	for n > 0 {
		n--
		i--
		b[i] = byte('A' + n%26)
		n /= 26
	}
	return b[i:]
}

func writeColName(w *bufio.Writer, n int) {
	var b [4]byte
	w.Write(colName(&b, n))
}

func checkSheetName(name string, used []string) error {
	switch {
	case strings.TrimSpace(name) == "":
		return errors.New("xlsx: a sheet needs a name")
	case utf8.RuneCountInString(name) > MaxSheetName:
		return fmt.Errorf("xlsx: sheet name %q is longer than %d characters", name, MaxSheetName)
	case strings.ContainsAny(name, `:\/?*[]`) || strings.HasPrefix(name, "'") || strings.HasSuffix(name, "'"):
		return fmt.Errorf("xlsx: sheet name %q has a character Excel refuses", name)
	}
	for _, u := range used {
		if strings.EqualFold(u, name) {
			return fmt.Errorf("xlsx: two sheets named %q", name)
		}
	}
	return nil
}

// escape writes s as XML text, at most max characters of it; characters
// XML cannot hold (most control characters) are left out.
func escape(w *bufio.Writer, s string, max int) {
	n := 0
	for _, r := range s {
		if n == max {
			return
		}
		n++
		switch {
		case r == '&':
			w.WriteString("&amp;")
		case r == '<':
			w.WriteString("&lt;")
		case r == '>':
			w.WriteString("&gt;")
		case r == '"':
			w.WriteString("&quot;")
		case r == '\t' || r == '\n' || r == '\r':
			w.WriteRune(r)
		case r < 0x20 || r == 0xFFFE || r == 0xFFFF:
			n-- // not allowed in XML: dropped
		default:
			w.WriteRune(r)
		}
	}
}
