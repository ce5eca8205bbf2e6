package staff

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// CSV columns, in export order. The first five are required in an import.
const (
	colStaffNo  = "staff_no"
	colName     = "name"
	colUnit     = "unit"
	colWindow   = "window"
	colPosition = "position"
	colPost     = "post"
	colPhone    = "phone"
	colActive   = "active"
)

var (
	csvColumns      = []string{colStaffNo, colName, colUnit, colWindow, colPosition, colPost, colPhone, colActive}
	requiredColumns = csvColumns[:5]
)

// columnAliases are the Chinese headers accepted for each column, so that a
// sheet the office keeps with Chinese headings imports as it is.
var columnAliases = map[string]string{
	"工号": colStaffNo, "姓名": colName,
	"窗口单位": colUnit, "单位": colUnit,
	"窗口": colWindow, "窗口号": colWindow,
	"职务": colPosition, "岗位": colPost,
	"联系电话": colPhone, "电话": colPhone, "手机": colPhone, "手机号": colPhone,
	"状态": colActive,
}

// importRow is one data row of an import, read and checked on its own.
type importRow struct {
	line      int
	cells     map[string]string // column → cell as written
	staff     Staff             // StaffNo, Name, Post, Position, Phone, Active as read
	unit      string            // unit name
	window    int               // 0 = none
	hasPost   bool              // the post cell is filled in
	hasActive bool              // the active cell is filled in
	hasPhone  bool              // the file has a phone column
	bad       map[string]bool   // columns with a problem
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// DecodeCSV turns the file's bytes into text: UTF-8 with or without BOM,
// UTF-16 with BOM (Excel's "Unicode text"), or else GB18030, the superset
// of the GBK that Excel on Chinese Windows writes. ok is false when the
// bytes are none of these. Other packages' imports (leave, punches) use it
// so that every spreadsheet import reads files the same way.
func DecodeCSV(data []byte) (string, bool) {
	switch {
	case bytes.HasPrefix(data, utf8BOM):
		data = data[len(utf8BOM):]
		return string(data), utf8.Valid(data)
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		out, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		return string(out), err == nil && !bytes.ContainsRune(out, utf8.RuneError)
	case utf8.Valid(data):
		return string(data), true
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	return string(out), err == nil && !bytes.ContainsRune(out, utf8.RuneError)
}

// SniffDelimiter picks the separator the first line uses most: comma,
// semicolon or tab.
func SniffDelimiter(text string) rune {
	first, _, _ := strings.Cut(text, "\n")
	best, n := ',', strings.Count(first, ",")
	for _, c := range []rune{';', '\t'} {
		if m := strings.Count(first, string(c)); m > n {
			best, n = c, m
		}
	}
	return best
}

// readImport reads the whole file and checks each row on its own. Errors
// with Line 0 concern the file as a whole.
func readImport(rd io.Reader) ([]importRow, []RowError) {
	data, err := io.ReadAll(io.LimitReader(rd, MaxImportBytes+1))
	switch {
	case err != nil:
		return nil, []RowError{{Key: "staff.import.err.csv_syntax", Value: err.Error()}}
	case len(data) > MaxImportBytes:
		return nil, []RowError{{Key: "staff.import.err.too_large", Args: map[string]any{"MaxMB": MaxImportBytes >> 20}}}
	}
	text, ok := DecodeCSV(data)
	if !ok {
		return nil, []RowError{{Key: "staff.import.err.encoding"}}
	}
	if strings.TrimSpace(text) == "" {
		return nil, []RowError{{Key: "staff.import.err.empty"}}
	}
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = SniffDelimiter(text)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, []RowError{csvSyntaxError(err, 1)}
	}
	headerLine, _ := cr.FieldPos(0)
	columns, errs := readHeader(header, headerLine)
	if len(errs) > 0 {
		return nil, errs
	}
	var rows []importRow
	firstLine := map[string]int{} // staff number key → line it first appears on
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, append(errs, csvSyntaxError(err, 0))
		}
		line, _ := cr.FieldPos(0)
		if blankRecord(rec) {
			continue
		}
		if len(rows) == MaxImportRows {
			return nil, []RowError{{Line: line, Key: "staff.import.err.too_many_rows", Args: map[string]any{"Max": MaxImportRows}}}
		}
		row, rowErrs := readRow(line, rec, columns)
		if !row.bad[colStaffNo] {
			key := string(staffNoKey(row.staff.StaffNo))
			if first, dup := firstLine[key]; dup {
				rowErrs = append(rowErrs, row.fail(colStaffNo, "staff.import.err.duplicate_staff_no", map[string]any{"StaffNo": row.staff.StaffNo, "First": first}))
			} else {
				firstLine[key] = line
			}
		}
		rows = append(rows, row)
		errs = append(errs, rowErrs...)
	}
	return rows, errs
}

func csvSyntaxError(err error, line int) RowError {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		line = pe.Line
	}
	return RowError{Line: line, Key: "staff.import.err.csv_syntax"}
}

func blankRecord(rec []string) bool {
	return !slices.ContainsFunc(rec, func(c string) bool { return strings.TrimSpace(c) != "" })
}

// readHeader maps each header cell to a column ("" for an empty cell, whose
// data cells must be empty too) and checks that every required column is
// there exactly once.
func readHeader(header []string, line int) ([]string, []RowError) {
	var errs []RowError
	columns := make([]string, len(header))
	for i, h := range header {
		name := strings.ToLower(narrow(h))
		if alias, ok := columnAliases[name]; ok {
			name = alias
		}
		switch {
		case name == "":
		case !slices.Contains(csvColumns, name):
			errs = append(errs, RowError{Line: line, Key: "staff.import.err.unknown_column", Args: map[string]any{"Column": h}, Value: h})
		case slices.Contains(columns[:i], name):
			errs = append(errs, RowError{Line: line, Key: "staff.import.err.duplicate_column", Args: map[string]any{"Column": name}, Value: h})
		}
		columns[i] = name
	}
	for _, c := range requiredColumns {
		if !slices.Contains(columns, c) {
			errs = append(errs, RowError{Line: line, Field: c, Key: "staff.import.err.missing_column", Args: map[string]any{"Column": c}})
		}
	}
	return columns, errs
}

// readRow reads one data row and checks each cell on its own.
func readRow(line int, rec []string, columns []string) (importRow, []RowError) {
	row := importRow{line: line, cells: map[string]string{}, bad: map[string]bool{}}
	var errs []RowError
	for i, cell := range rec {
		switch {
		case i < len(columns) && columns[i] != "":
			row.cells[columns[i]] = cell
		case strings.TrimSpace(cell) != "":
			errs = append(errs, RowError{Line: line, Key: "staff.import.err.extra_cells", Value: cell})
		}
	}
	failIf := func(col string, e *FieldError) {
		if e != nil {
			errs = append(errs, row.fail(col, e.Key, e.Args))
		}
	}
	var e *FieldError
	row.staff.StaffNo, e = normalizeStaffNo(row.cells[colStaffNo])
	failIf(colStaffNo, e)
	row.staff.Name, e = personNameRule.check(row.cells[colName])
	failIf(colName, e)
	row.unit, e = unitNameRule.check(row.cells[colUnit])
	failIf(colUnit, e)
	if cell := narrow(row.cells[colWindow]); cell != "" {
		n, ok := parseWindowNumber(cell)
		row.window = n
		if !ok {
			errs = append(errs, row.fail(colWindow, "staff.err.window_number_invalid", map[string]any{"Max": MaxWindowNumber}))
		}
	}
	var ok bool
	switch row.staff.Position, ok = parsePosition(row.cells[colPosition]); {
	case row.staff.Position == "":
		errs = append(errs, row.fail(colPosition, "staff.err.position_required", nil))
	case !ok:
		errs = append(errs, row.fail(colPosition, "staff.err.position_invalid", nil))
	}
	if row.hasPost = narrow(row.cells[colPost]) != ""; row.hasPost {
		if row.staff.Post, ok = parsePost(row.cells[colPost]); !ok {
			errs = append(errs, row.fail(colPost, "staff.err.post_invalid", nil))
		}
	}
	row.hasPhone = slices.Contains(columns, colPhone)
	row.staff.Phone, e = normalizePhone(row.cells[colPhone])
	failIf(colPhone, e)
	if row.hasActive = narrow(row.cells[colActive]) != ""; row.hasActive {
		if row.staff.Active, ok = ParseYesNo(row.cells[colActive]); !ok {
			errs = append(errs, row.fail(colActive, "staff.err.active_invalid", nil))
		}
	}
	return row, errs
}

// fail marks col as bad and returns the RowError for it.
func (row *importRow) fail(col, key string, args map[string]any) RowError {
	row.bad[col] = true
	return RowError{Line: row.line, Field: col, Key: key, Args: args, Value: row.cells[col]}
}
