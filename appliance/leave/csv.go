package leave

import (
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"bianmin/appliance/staff"
	"bianmin/appliance/store"
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

// ImportResult says what an import did, or (Errors) why it did nothing.
type ImportResult struct {
	Imported int       `json:"imported"`
	Errors   []Problem `json:"errors,omitempty"`
}

// importRow is one data row, read and checked on its own.
type importRow struct {
	line    int
	staffNo string
	leave   Leave
	ok      bool // every cell read
}

// ImportCSV reads a leave list — columns staff_no, type, start, end and
// the optional certificate (yes/no, 是/否) — and records every row as
// approved leave (Source import, Ref "name:line") in one transaction, or
// nothing at all. The header row is optional (without it the columns are in
// that order) and may use the Chinese headings 工号, 类型, 开始时间,
// 结束时间, 诊断证明. Times are "YYYY-MM-DD HH:MM" in loc. The file may be
// UTF-8 (with or without BOM), GBK or UTF-16, as staff.DecodeCSV reads it.
//
// When any row has a problem — an unknown staff number, a bad type or time,
// leave overlapping other leave of the same person in the file or in the
// store — ImportCSV writes nothing and returns every problem by line, with
// an error wrapping ErrImportRejected.
func (s *Service) ImportCSV(actor, name string, rd io.Reader, loc *time.Location) (ImportResult, error) {
	rows, probs := readRows(rd, loc)
	if len(rows) == 0 && len(probs) == 0 {
		probs = []Problem{{Key: errEmpty}}
	}
	if len(probs) > 0 && len(rows) == 0 {
		return rejected(probs)
	}
	var res ImportResult
	err := s.db.Update(actor, func(tx *store.Tx) error {
		probs = append(probs, checkRows(tx, rows)...)
		if len(probs) > 0 {
			return ErrImportRejected
		}
		for _, r := range rows {
			r.leave.Source, r.leave.Ref = SourceImport, fmt.Sprintf("%s:%d", name, r.line)
			if _, err := RecordTx(tx, r.leave); err != nil {
				return fmt.Errorf("line %d: %w", r.line, err)
			}
			res.Imported++
		}
		return tx.Audit("leave.import", "import/leave", nil, map[string]any{"file": name, "imported": res.Imported})
	})
	switch {
	case errors.Is(err, ErrImportRejected):
		return rejected(probs)
	case err != nil:
		return ImportResult{}, fmt.Errorf("leave import: %w", err)
	}
	return res, nil
}

func rejected(probs []Problem) (ImportResult, error) {
	slices.SortStableFunc(probs, func(a, b Problem) int { return cmp.Compare(a.Line, b.Line) })
	return ImportResult{Errors: probs}, fmt.Errorf("%w: %d problem(s) in the file, the first: %v", ErrImportRejected, len(probs), &probs[0])
}

// checkRows looks the rows' staff up and checks each leave against the
// person's stored leave and the file's other rows.
func checkRows(tx *store.Tx, rows []importRow) []Problem {
	var probs []Problem
	for i := range rows {
		r := &rows[i]
		if !r.ok {
			continue
		}
		st, err := staff.StaffByNoTx(tx, r.staffNo)
		if err != nil {
			probs = append(probs, Problem{Line: r.line, Field: colStaffNo, Key: errUnknownStaff, Args: map[string]any{"StaffNo": r.staffNo}, Value: r.staffNo})
			r.ok = false
			continue
		}
		r.leave.StaffID = st.ID
		if stored, err := ForStaffTx(tx, st.ID, r.leave.Start, r.leave.End); err == nil && len(stored) > 0 {
			probs = append(probs, Problem{Line: r.line, Field: colStart, Key: errOverlapStored,
				Args: map[string]any{"Start": stored[0].Start.Format(layoutMinute), "End": stored[0].End.Format(layoutMinute)}})
			continue
		}
		for _, o := range rows[:i] {
			if o.ok && o.leave.StaffID == st.ID && o.leave.Overlaps(r.leave.Start, r.leave.End) {
				probs = append(probs, Problem{Line: r.line, Field: colStart, Key: errOverlapFile, Args: map[string]any{"First": o.line}})
				break
			}
		}
	}
	return probs
}

// readRows decodes the file and reads each data row on its own.
func readRows(rd io.Reader, loc *time.Location) ([]importRow, []Problem) {
	data, err := io.ReadAll(io.LimitReader(rd, MaxImportBytes+1))
	switch {
	case err != nil:
		return nil, []Problem{{Key: errSyntax, Value: err.Error()}}
	case len(data) > MaxImportBytes:
		return nil, []Problem{{Key: errTooLarge, Args: map[string]any{"MaxMB": MaxImportBytes >> 20}}}
	}
	text, ok := staff.DecodeCSV(data)
	if !ok {
		return nil, []Problem{{Key: errEncoding}}
	}
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = staff.SniffDelimiter(text)
	cr.FieldsPerRecord = -1
	var (
		rows    []importRow
		probs   []Problem
		columns []string
	)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			line := 0
			if errors.As(err, &pe) {
				line = pe.Line
			}
			return nil, append(probs, Problem{Line: line, Key: errSyntax})
		}
		line, _ := cr.FieldPos(0)
		if blank(rec) {
			continue
		}
		if columns == nil {
			var isHeader bool
			columns, isHeader, probs = readHeader(rec, line)
			if len(probs) > 0 {
				return nil, probs
			}
			if isHeader {
				continue
			}
		}
		if len(rows) == MaxImportRows {
			return nil, []Problem{{Line: line, Key: errTooManyRows, Args: map[string]any{"Max": MaxImportRows}}}
		}
		row, rowProbs := readRow(line, rec, columns, loc)
		rows = append(rows, row)
		probs = append(probs, rowProbs...)
	}
	return rows, probs
}

func blank(rec []string) bool {
	return !slices.ContainsFunc(rec, func(c string) bool { return strings.TrimSpace(c) != "" })
}

// readHeader decides whether the first row is a header (one of its cells
// names a column) and maps its cells to columns; without a header the
// columns are in their default order.
func readHeader(rec []string, line int) (columns []string, isHeader bool, probs []Problem) {
	columns = make([]string, len(rec))
	for i, h := range rec {
		name := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF")))
		if alias, ok := columnAliases[name]; ok {
			name = alias
		}
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
			probs = append(probs, Problem{Line: line, Key: errUnknownColumn, Args: map[string]any{"Column": rec[i]}, Value: rec[i]})
		}
	}
	for _, c := range requiredColumns {
		if !slices.Contains(columns, c) {
			probs = append(probs, Problem{Line: line, Field: c, Key: errMissingColumn, Args: map[string]any{"Column": c}})
		}
	}
	return columns, true, probs
}

// readRow reads one data row and checks each cell on its own.
func readRow(line int, rec, columns []string, loc *time.Location) (importRow, []Problem) {
	row := importRow{line: line}
	if len(rec) > len(columns) && !blank(rec[len(columns):]) || len(rec) < len(requiredColumns) {
		return row, []Problem{{Line: line, Key: errCells, Args: map[string]any{"Want": len(columns), "Got": len(rec)}}}
	}
	cells := map[string]string{}
	for i, c := range rec {
		if i < len(columns) {
			cells[columns[i]] = strings.TrimSpace(c)
		}
	}
	var probs []Problem
	fail := func(col, key string, args map[string]any) {
		probs = append(probs, Problem{Line: line, Field: col, Key: key, Args: args, Value: cells[col]})
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
