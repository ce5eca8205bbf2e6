package leave

// Importing a leave list: the rows read (csv.go) are checked against the
// staff list and the stored leave, then recorded in one transaction, or
// nothing is.

import (
	"errors"
	"fmt"
	"io"
	"time"

	"bianmin/appliance/csvin"
	"bianmin/appliance/problem"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// ImportResult says what an import did, or (Errors) why it did nothing.
type ImportResult struct {
	Imported int          `json:"imported"`
	Errors   problem.List `json:"errors,omitempty"`
}

// ImportCSV reads a leave list — columns staff_no, type, start, end and
// the optional certificate (yes/no, 是/否) — and records every row as
// approved leave (Source import, Ref "name:line") in one transaction, or
// nothing at all. The header row is optional (without it the columns are in
// that order) and may use the Chinese headings 工号, 类型, 开始时间,
// 结束时间, 诊断证明. Times are "YYYY-MM-DD HH:MM" in loc. The file may be
// UTF-8 (with or without BOM), GBK or UTF-16, as csvin reads it.
//
// When any row has a problem — an unknown staff number, a bad type or time,
// leave overlapping other leave of the same person in the file or in the
// store — ImportCSV writes nothing and returns every problem by line, with
// an error wrapping ErrImportRejected and the problems.
func (s *Service) ImportCSV(actor, name string, rd io.Reader, loc *time.Location) (ImportResult, error) {
	rows, probs, err := readRows(rd, loc)
	if err != nil {
		return ImportResult{}, fmt.Errorf("leave import: %w", err)
	}
	if len(rows) == 0 && len(probs) == 0 {
		probs = problem.List{problem.New("", errEmpty)}
	}
	if len(probs) > 0 && len(rows) == 0 {
		return rejected(probs)
	}
	var res ImportResult
	err = s.db.Update(actor, func(tx *store.Tx) error {
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

func rejected(probs problem.List) (ImportResult, error) {
	return ImportResult{Errors: probs}, csvin.Rejected(ErrImportRejected, probs)
}

// checkRows looks the rows' staff up and checks each leave against the
// person's stored leave and the file's other rows.
func checkRows(tx *store.Tx, rows []importRow) problem.List {
	var probs problem.List
	for i := range rows {
		r := &rows[i]
		if !r.ok {
			continue
		}
		st, err := staff.StaffByNoTx(tx, r.staffNo)
		if err != nil {
			probs.Add(problem.New(colStaffNo, errUnknownStaff, "StaffNo", r.staffNo).AtLine(r.line, r.staffNo))
			r.ok = false
			continue
		}
		r.leave.StaffID = st.ID
		if err := checkOverlap(tx, st.ID, r.leave.Start, r.leave.End, 0); err != nil {
			if p, ok := problem.As(err); ok {
				probs.Add(p.AtLine(r.line, ""))
			}
			continue
		}
		for _, o := range rows[:i] {
			if o.ok && o.leave.StaffID == st.ID && o.leave.Overlaps(r.leave.Start, r.leave.End) {
				probs.Add(problem.New(colStart, errOverlapFile, "First", o.line).AtLine(r.line, ""))
				break
			}
		}
	}
	return probs
}
