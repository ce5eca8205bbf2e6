package leave

import (
	"io"
	"slices"
	"strings"
	"time"

	"bianmin/appliance/csvin"
	"bianmin/appliance/problem"
	"bianmin/appliance/staff"
)

// Columns of a leave import, in their default order (a file without a
// header row has them in this order).
const (
	colStaffNo     = "staff_no"
	colType        = "type"
	colStart       = "start"
	colEnd         = "end"
	colCertificate = "certificate"
)

var (
	csvColumns      = []string{colStaffNo, colType, colStart, colEnd, colCertificate}
	requiredColumns = csvColumns[:4]
	columnAliases   = map[string]string{
		"工号": colStaffNo, "类型": colType, "假别": colType, "请假类型": colType,
		"开始": colStart, "开始时间": colStart, "起始时间": colStart,
		"结束": colEnd, "结束时间": colEnd, "截止时间": colEnd,
		"证明": colCertificate, "诊断证明": colCertificate, "诊断证明书": colCertificate,
	}
)

// Limits of one import.
const (
	MaxImportRows  = 5000
	MaxImportBytes = 4 << 20
)

// layoutMinute is how leave times are written: 2026-02-09 08:30.
const layoutMinute = "2006-01-02 15:04"

// timeLayouts are the forms ImportCSV reads; Excel often rewrites
// 2026-02-09 08:30 as 2026/2/9 8:30.
var timeLayouts = []string{layoutMinute, "2006-1-2 15:04", "2006/1/2 15:04", "2006-01-02 15:04:05", "2006/1/2 15:04:05"}

// ParseTime reads a leave time in loc, cut to the minute.
func ParseTime(raw string, loc *time.Location) (time.Time, bool) {
	s := strings.Join(strings.Fields(raw), " ")
	for _, l := range timeLayouts {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t.Truncate(time.Minute), true
		}
	}
	return time.Time{}, false
}

// importRow is one data row, read and checked on its own.
type importRow struct {
	line    int
	staffNo string
	leave   Leave
	ok      bool // every cell read
}

// readRows decodes the file and reads each data row on its own; a failed
// read is an error.
func readRows(rd io.Reader, loc *time.Location) ([]importRow, problem.List, error) {
	text, probs, err := importFile.Read(rd)
	if err != nil || len(probs) > 0 {
		return nil, probs, err
	}
	var (
		r       = importFile.Records(text)
		rows    []importRow
		columns []string
	)
	for r.Next() {
		line, rec := r.Line(), r.Record()
		if columns == nil {
			var isHeader bool
			if columns, isHeader, probs = readHeader(rec, line); len(probs) > 0 {
				return nil, probs, nil
			}
			if isHeader {
				continue
			}
		}
		row, rowProbs := readRow(line, rec, columns, loc)
		rows = append(rows, row)
		probs = append(probs, rowProbs...)
	}
	switch p := r.Problem(); {
	case p != nil && p.Key == errTooManyRows:
		return nil, problem.List{p}, nil
	case p != nil:
		return nil, append(probs, p), nil
	}
	return rows, probs, nil
}

// readHeader decides whether the first row is a header (one of its cells
// names a column) and maps its cells to columns; without a header the
// columns are in their default order.
func readHeader(rec []string, line int) (columns []string, isHeader bool, probs problem.List) {
	columns = make([]string, len(rec))
	for i, h := range rec {
		name := csvin.Heading(h, columnAliases)
		if slices.Contains(csvColumns, name) {
			isHeader = true
		}
		columns[i] = name
	}
	if !isHeader {
		return csvColumns, false, nil
	}
	for i, c := range columns {
		if c != "" && !slices.Contains(csvColumns, c) {
			probs.Add(problem.New("", errUnknownColumn, "Column", rec[i]).AtLine(line, rec[i]))
		}
	}
	for _, c := range requiredColumns {
		if !slices.Contains(columns, c) {
			probs.Add(problem.New(c, errMissingColumn, "Column", c).AtLine(line, ""))
		}
	}
	return columns, true, probs
}

// readRow reads one data row and checks each cell on its own.
func readRow(line int, rec, columns []string, loc *time.Location) (importRow, problem.List) {
	row := importRow{line: line}
	if len(rec) > len(columns) && !csvin.Blank(rec[len(columns):]) || len(rec) < len(requiredColumns) {
		return row, problem.List{problem.New("", errCells, "Want", len(columns), "Got", len(rec)).AtLine(line, "")}
	}
	cells := map[string]string{}
	for i, c := range rec {
		if i < len(columns) {
			cells[columns[i]] = strings.TrimSpace(c)
		}
	}
	var probs problem.List
	fail := func(col, key string, args map[string]any) {
		probs.Add(problem.WithArgs(col, key, args).AtLine(line, cells[col]))
	}
	row.staffNo = cells[colStaffNo]
	if row.staffNo == "" {
		fail(colStaffNo, errUnknownStaff, map[string]any{"StaffNo": `""`})
	}
	var ok bool
	if row.leave.Type, ok = ParseType(cells[colType]); !ok {
		fail(colType, errType, nil)
	}
	start, okStart := ParseTime(cells[colStart], loc)
	if !okStart {
		fail(colStart, errTime, nil)
	}
	end, okEnd := ParseTime(cells[colEnd], loc)
	if !okEnd {
		fail(colEnd, errTime, nil)
	}
	row.leave.Start, row.leave.End = start, end
	if c := cells[colCertificate]; c != "" {
		if row.leave.Certificate, ok = staff.ParseYesNo(c); !ok {
			fail(colCertificate, errCertificate, nil)
		}
	}
	if okStart && okEnd && len(probs) == 0 {
		if p := check(row.leave); p != nil {
			fail(p.Field, p.Key, p.Args)
		}
	}
	row.ok = len(probs) == 0
	return row, probs
}
