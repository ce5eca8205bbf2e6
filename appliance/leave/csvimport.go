package leave

// Importing a leave list: the rows read (csv.go) are checked against the
// staff list and the stored leave, then recorded in one transaction, or
// nothing is.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"bianmin/appliance/csvin"
	"bianmin/appliance/importjob"
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
//
// A checked file is written through the import journal in chunks
// (StartImport, ImportKind): nothing is left half written by a power cut.
func (s *Service) ImportCSV(actor, name string, rd io.Reader, loc *time.Location) (ImportResult, error) {
	return s.ImportCSVProgress(actor, name, rd, loc, nil)
}

// ImportCSVProgress is ImportCSV telling progress (when not nil) after
// every chunk written.
func (s *Service) ImportCSVProgress(actor, name string, rd io.Reader, loc *time.Location, progress func(importjob.Job)) (ImportResult, error) {
	job, err := s.StartImport(actor, name, rd, loc)
	if err != nil {
		return ImportResult{Errors: problem.All(err)}, err
	}
	job, err = importjob.NewRunner(s.db, nil, ImportKind).Run(context.Background(), job.ID, progress)
	if err != nil {
		return ImportResultOf(job), fmt.Errorf("leave import %d stopped after %d of %d rows: %w", job.ID, job.Done, job.Rows, err)
	}
	return ImportResultOf(job), nil
}

// StartImport checks a leave list as ImportCSV does and, when it has no
// problem, records it in the import journal for an importjob.Runner with
// ImportKind to write.
func (s *Service) StartImport(actor, name string, rd io.Reader, loc *time.Location) (importjob.Job, error) {
	rows, probs, err := readRows(rd, loc)
	if err != nil {
		return importjob.Job{}, fmt.Errorf("leave import: %w", err)
	}
	if len(rows) == 0 && len(probs) == 0 {
		probs = problem.List{problem.New("", errEmpty)}
	}
	if len(probs) > 0 && len(rows) == 0 {
		_, err := rejected(probs)
		return importjob.Job{}, err
	}
	job, err := importjob.Start(s.db, actor, ImportKind, name, func(tx *store.Tx) (importjob.Plan, error) {
		probs = append(probs, checkRows(tx, rows)...)
		if len(probs) > 0 {
			return importjob.Plan{}, ErrImportRejected
		}
		var plan importjob.Plan
		for _, r := range rows {
			r.leave.Source, r.leave.Ref = SourceImport, fmt.Sprintf("%s:%d", name, r.line)
			data, err := json.Marshal(r.leave)
			if err != nil {
				return importjob.Plan{}, err
			}
			plan.Rows = append(plan.Rows, data)
		}
		return plan, nil
	})
	switch {
	case errors.Is(err, ErrImportRejected):
		_, err := rejected(probs)
		return importjob.Job{}, err
	case err != nil:
		return importjob.Job{}, fmt.Errorf("leave import: %w", err)
	}
	return job, nil
}

// ImportKind writes the chunks of a leave import.
var ImportKind = importjob.Kind{Name: "leave", Action: "leave.import", Apply: applyImport}

func applyImport(tx *store.Tx, _ importjob.Job, rows []json.RawMessage, counts map[string]int) error {
	for _, raw := range rows {
		var l Leave
		if err := json.Unmarshal(raw, &l); err != nil {
			return fmt.Errorf("leave import: %w", err)
		}
		if _, err := RecordTx(tx, l); err != nil {
			return fmt.Errorf("%s: %w", l.Ref, err)
		}
		counts["imported"]++
	}
	return nil
}

// ImportResultOf is a leave job's outcome as ImportCSV reports it.
func ImportResultOf(job importjob.Job) ImportResult {
	return ImportResult{Imported: job.Counts["imported"], Errors: job.Problems}
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
