package staff

import (
	"io"
	"slices"
	"strings"

	"bianmin/appliance/civil"
	"bianmin/appliance/problem"
)

// CSV columns, in export order. The first five are required in an import.
// active is the older files' yes/no column: still read when the file has
// no end_date column, no longer written.
const (
	colStaffNo   = "staff_no"
	colName      = "name"
	colUnit      = "unit"
	colWindow    = "window"
	colPosition  = "position"
	colPost      = "post"
	colPhone     = "phone"
	colStartDate = "start_date"
	colEndDate   = "end_date"
	colActive    = "active"
)

var (
	csvColumns      = []string{colStaffNo, colName, colUnit, colWindow, colPosition, colPost, colPhone, colStartDate, colEndDate}
	requiredColumns = csvColumns[:5]
	importColumns   = append(slices.Clone(csvColumns), colActive)
)

// columnAliases are the Chinese headers accepted for each column, so that a
// sheet the office keeps with Chinese headings imports as it is.
var columnAliases = map[string]string{
	"工号": colStaffNo, "姓名": colName,
	"窗口单位": colUnit, "单位": colUnit,
	"窗口": colWindow, "窗口号": colWindow,
	"职务": colPosition, "岗位": colPost,
	"联系电话": colPhone, "电话": colPhone, "手机": colPhone, "手机号": colPhone,
	"进驻日期": colStartDate, "入驻日期": colStartDate, "开始日期": colStartDate,
	"离开日期": colEndDate, "离岗日期": colEndDate, "结束日期": colEndDate,
	"状态": colActive,
}

// importRow is one data row of an import, read and checked on its own.
type importRow struct {
	line      int
	cells     map[string]string // column → cell as written
	staff     Staff             // StaffNo, Name, Post, Position, Phone, StartDate, EndDate as read
	unit      string            // unit name
	window    int               // 0 = none
	hasPost   bool              // the post cell is filled in
	hasPhone  bool              // the file has a phone column
	hasStart  bool              // the start_date cell is filled in
	hasEnd    bool              // the file has an end_date column
	hasActive bool              // no end_date column, and the active cell is filled in
	active    bool              // the active cell, when hasActive
	bad       map[string]bool   // columns with a problem
}

// readImport reads the whole file and checks each row on its own.
// Problems with Line 0 concern the file as a whole; a failed read is an
// error.
func readImport(rd io.Reader) ([]importRow, problem.List, error) {
	text, errs, err := importFile.Read(rd)
	if err != nil || len(errs) > 0 {
		return nil, errs, err
	}
	r := importFile.Records(text)
	var (
		rows      []importRow
		columns   []string
		firstLine = map[string]int{} // staff number key → line it first appears on
	)
	for r.Next() {
		line, rec := r.Line(), r.Record()
		if columns == nil {
			if columns, errs = readHeader(rec, line); len(errs) > 0 {
				return nil, errs, nil
			}
			continue
		}
		row, rowErrs := readRow(line, rec, columns)
		if !row.bad[colStaffNo] {
			key := string(staffNoKey(row.staff.StaffNo))
			if first, dup := firstLine[key]; dup {
				rowErrs.Add(row.fail(colStaffNo, "staff.import.err.duplicate_staff_no", map[string]any{"StaffNo": row.staff.StaffNo, "First": first}))
			} else {
				firstLine[key] = line
			}
		}
		rows = append(rows, row)
		errs = append(errs, rowErrs...)
	}
	switch p := r.Problem(); {
	case p != nil && p.Key == importFile.TooManyRows:
		return nil, problem.List{p}, nil
	case p != nil:
		return nil, append(errs, p), nil
	case columns == nil:
		return nil, problem.List{problem.New("", importFile.Empty)}, nil
	}
	return rows, errs, nil
}

// readHeader maps each header cell to a column ("" for an empty cell, whose
// data cells must be empty too) and checks that every required column is
// there exactly once.
func readHeader(header []string, line int) ([]string, problem.List) {
	var errs problem.List
	columns := make([]string, len(header))
	for i, h := range header {
		name := strings.ToLower(narrow(h))
		if alias, ok := columnAliases[name]; ok {
			name = alias
		}
		switch {
		case name == "":
		case !slices.Contains(importColumns, name):
			errs.Add(problem.New("", "staff.import.err.unknown_column", "Column", h).AtLine(line, h))
		case slices.Contains(columns[:i], name):
			errs.Add(problem.New("", "staff.import.err.duplicate_column", "Column", name).AtLine(line, h))
		}
		columns[i] = name
	}
	for _, c := range requiredColumns {
		if !slices.Contains(columns, c) {
			errs.Add(problem.New(c, "staff.import.err.missing_column", "Column", c).AtLine(line, ""))
		}
	}
	return columns, errs
}

// readRow reads one data row and checks each cell on its own.
func readRow(line int, rec []string, columns []string) (importRow, problem.List) {
	row := importRow{line: line, cells: map[string]string{}, bad: map[string]bool{}}
	var errs problem.List
	for i, cell := range rec {
		switch {
		case i < len(columns) && columns[i] != "":
			row.cells[columns[i]] = cell
		case strings.TrimSpace(cell) != "":
			errs.Add(problem.New("", "staff.import.err.extra_cells").AtLine(line, cell))
		}
	}
	failIf := func(col string, e *problem.Problem) {
		if e != nil {
			errs.Add(row.fail(col, e.Key, e.Args))
		}
	}
	var e *problem.Problem
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
			errs.Add(row.fail(colWindow, "staff.err.window_number_invalid", map[string]any{"Max": MaxWindowNumber}))
		}
	}
	var ok bool
	switch row.staff.Position, ok = parsePosition(row.cells[colPosition]); {
	case row.staff.Position == "":
		errs.Add(row.fail(colPosition, "staff.err.position_required", nil))
	case !ok:
		errs.Add(row.fail(colPosition, "staff.err.position_invalid", nil))
	}
	if row.hasPost = narrow(row.cells[colPost]) != ""; row.hasPost {
		if row.staff.Post, ok = parsePost(row.cells[colPost]); !ok {
			errs.Add(row.fail(colPost, "staff.err.post_invalid", nil))
		}
	}
	row.hasPhone = slices.Contains(columns, colPhone)
	row.staff.Phone, e = normalizePhone(row.cells[colPhone])
	failIf(colPhone, e)
	if row.hasStart = narrow(row.cells[colStartDate]) != ""; row.hasStart {
		row.staff.StartDate, e = civil.Parse(colStartDate, row.cells[colStartDate])
		failIf(colStartDate, e)
	}
	if row.hasEnd = slices.Contains(columns, colEndDate); row.hasEnd {
		row.staff.EndDate, e = civil.Optional(colEndDate, row.cells[colEndDate])
		failIf(colEndDate, e)
	}
	if row.hasActive = !row.hasEnd && narrow(row.cells[colActive]) != ""; row.hasActive {
		if row.active, ok = ParseYesNo(row.cells[colActive]); !ok {
			errs.Add(row.fail(colActive, "staff.err.active_invalid", nil))
		}
	}
	return row, errs
}

// fail marks col as bad and returns the problem with it.
func (row *importRow) fail(col, key string, args map[string]any) *problem.Problem {
	row.bad[col] = true
	return problem.WithArgs(col, key, args).AtLine(row.line, row.cells[col])
}
