package staff

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"

	"bianmin/appliance/csvin"
	"bianmin/appliance/importjob"
	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// ImportCSV reads a staff list and applies all of it, or nothing at all;
// the result says what it created and changed.
//
// The header row names the columns in any order: staff_no, name, unit,
// window and position are required; post, phone, start_date and end_date
// are optional (Chinese headings 工号, 姓名, 窗口单位, 窗口, 职务, 岗位,
// 联系电话, 进驻日期, 离开日期 are accepted too). position is
// staff/lead/chief or 工作人员/窗口负责人/首席代表; post is A/B/A岗/B岗;
// window is a number, empty for none; dates are written 2026-03-10 (or
// 2026/3/10, 2026年3月10日). Older files' active column (yes/no, 是/否) is
// read when there is no end_date column: "no" ends a person's time at the
// hall today, "yes" clears the end date. The file may be UTF-8 with or
// without BOM, GBK/GB18030, or UTF-16 with BOM.
//
// A staff number already in the registry updates that person; units and
// windows named in the file are created when missing (a new window is named
// after its unit). An empty post or start_date cell, or a missing phone or
// end_date column, leaves an existing person's value as it is; new people
// are A岗 and start today unless the file says otherwise.
//
// Every row is checked before anything is written. When any row has a
// problem, ImportCSV writes nothing and returns every problem in
// ImportResult.Errors with an error wrapping ErrImportRejected and the
// problems. A problem's Line is the 1-based line of the file; 0 means the
// file as a whole.
//
// A checked file is written through the import journal (StartImport,
// ImportKind): new units, then new windows, then each person, in chunks,
// so a long list neither holds the store in one transaction nor is left
// half written by a power cut (the next start finishes it).
func (r *Registry) ImportCSV(actor string, rd io.Reader) (ImportResult, error) {
	return r.ImportCSVProgress(actor, "", rd, "", nil)
}

// PreviewCSV works out what ImportCSV would do with the file — the units,
// windows and people it would create and the fields it would change — and
// writes nothing. A file with problems is refused as ImportCSV refuses it.
func (r *Registry) PreviewCSV(rd io.Reader) (ImportResult, error) {
	return r.runImport(rd, r.db.View, func(*store.Tx, *importPlan, []importRow) error { return nil })
}

// ConfirmCSV applies the file as ImportCSV does, but only when it still
// does what the preview the user confirmed said (digest is that preview's
// Digest): the file is read and checked again against the registry as it
// is now. When the plan has changed meanwhile nothing is written, and the
// error wraps ErrPlanChanged with the new plan in the result.
func (r *Registry) ConfirmCSV(actor string, rd io.Reader, digest string) (ImportResult, error) {
	if digest == "" {
		return ImportResult{}, fmt.Errorf("staff import: %w", ErrPlanChanged)
	}
	return r.ImportCSVProgress(actor, "", rd, digest, nil)
}

// ImportCSVProgress is ImportCSV (digest "") or ConfirmCSV of the file
// called name, telling progress (when not nil) after every step written.
func (r *Registry) ImportCSVProgress(actor, name string, rd io.Reader, digest string, progress func(importjob.Job)) (ImportResult, error) {
	job, res, err := r.StartImport(actor, name, rd, digest)
	if err != nil {
		return res, err
	}
	job, err = importjob.NewRunner(r.db, nil, ImportKind).Run(context.Background(), job.ID, progress)
	if err != nil {
		return res, fmt.Errorf("staff import %d stopped after %d of %d steps: %w", job.ID, job.Done, job.Rows, err)
	}
	return res, nil
}

// StartImport checks the file as ImportCSV does (and, with a digest, that
// it still does what the confirmed preview said) and records its plan in
// the import journal, in the transaction that checked it: an
// importjob.Runner with ImportKind writes it. The result is the plan.
func (r *Registry) StartImport(actor, name string, rd io.Reader, digest string) (importjob.Job, ImportResult, error) {
	var job importjob.Job
	update := func(fn func(*store.Tx) error) error { return r.db.UpdateBulk(actor, fn) }
	res, err := r.runImport(rd, update, func(tx *store.Tx, plan *importPlan, rows []importRow) error {
		if digest != "" && plan.result.Digest() != digest {
			return ErrPlanChanged
		}
		steps, err := plan.journal(rows)
		if err != nil {
			return err
		}
		job, err = importjob.StartTx(tx, ImportKind, name, steps)
		return err
	})
	return job, res, err
}

// runImport reads the file, plans it against the registry in a
// transaction of run's (read for a preview, write for an import) and, when
// the file has no problem, hands the plan to then.
func (r *Registry) runImport(rd io.Reader, run func(func(*store.Tx) error) error, then func(*store.Tx, *importPlan, []importRow) error) (ImportResult, error) {
	rows, res, err := readForImport(rd)
	if err != nil || len(res.Errors) > 0 && len(rows) == 0 {
		return res, err
	}
	err = run(func(tx *store.Tx) error {
		plan, err := planImport(tx, rows)
		if err != nil {
			return err
		}
		if res.Errors = append(res.Errors, plan.errs...); len(res.Errors) > 0 {
			return ErrImportRejected
		}
		res = plan.result
		return then(tx, plan, rows)
	})
	return finishImport(res, err)
}

// readForImport reads the file; a file with problems of its own comes back
// as a rejected result.
func readForImport(rd io.Reader) ([]importRow, ImportResult, error) {
	rows, errs, err := readImport(rd)
	if err != nil {
		return nil, ImportResult{}, fmt.Errorf("staff import: %w", err)
	}
	if len(rows) == 0 && len(errs) == 0 {
		errs = problem.List{problem.New("", importFile.Empty)}
	}
	if len(rows) == 0 {
		res, err := rejected(errs)
		return nil, res, err
	}
	return rows, ImportResult{Errors: errs}, nil
}

func finishImport(res ImportResult, err error) (ImportResult, error) {
	switch {
	case errors.Is(err, ErrImportRejected):
		return rejected(res.Errors)
	case errors.Is(err, ErrPlanChanged):
		return res, fmt.Errorf("staff import: %w", ErrPlanChanged)
	case err != nil:
		return ImportResult{}, fmt.Errorf("staff import: %w", err)
	}
	return res, nil
}

func rejected(errs problem.List) (ImportResult, error) {
	return ImportResult{Errors: errs}, csvin.Rejected(ErrImportRejected, errs)
}

// importPlan is what an import will do, worked out against the registry
// before anything is written.
type importPlan struct {
	existing   map[int]Staff // row index → the person its staff number names
	after      map[int]Staff // row index → the record the row asks for (unit and window ids left to apply)
	newUnits   []string      // unit names to create, in file order
	newWindows []NewWindow
	errs       problem.List
	result     ImportResult
}

// planImport checks the rows against the registry and against each other:
// units and windows a person who has not left is placed in must be active,
// a window must belong to the row's unit, and a new window number cannot
// be given to two units. It fills in the result: what will be created and
// changed.
func planImport(tx *store.Tx, rows []importRow) (*importPlan, error) {
	p := &importPlan{existing: map[int]Staff{}, after: map[int]Staff{}}
	newUnit := map[string]bool{}
	newWindow := map[int]NewWindow{}
	today := tx.Today()
	for i := range rows {
		row := &rows[i]
		if !row.bad[colStaffNo] {
			s, err := StaffByNoTx(tx, row.staff.StaffNo)
			switch {
			case err == nil:
				p.existing[i] = s
			case !errors.Is(err, ErrNotFound):
				return nil, err
			}
		}
		ex, found := p.existing[i]
		after := row.merge(ex, found, today)
		p.after[i] = after
		if !row.bad[colStartDate] && !row.bad[colEndDate] && after.EndDate != "" && after.EndDate < after.StartDate {
			p.errs.Add(row.fail(colEndDate, "staff.err.end_before_start", map[string]any{"Start": after.StartDate, "End": after.EndDate}))
		}
		current := !after.Left(today)
		if row.bad[colUnit] {
			continue
		}
		u, err := UnitByNameTx(tx, row.unit)
		switch {
		case err == nil && current && !u.Active:
			p.errs.Add(row.fail(colUnit, "staff.err.unit_inactive", map[string]any{"Unit": u.Name}))
		case errors.Is(err, ErrNotFound) && !newUnit[row.unit]:
			newUnit[row.unit] = true
			p.newUnits = append(p.newUnits, row.unit)
		case err != nil && !errors.Is(err, ErrNotFound):
			return nil, err
		}
		if row.window == 0 || row.bad[colWindow] {
			continue
		}
		w, err := WindowByNumberTx(tx, row.window)
		switch {
		case err == nil:
			wu, err := GetUnitTx(tx, w.UnitID)
			if err != nil {
				return nil, err
			}
			if wu.Name != row.unit {
				p.errs.Add(row.fail(colWindow, "staff.err.window_other_unit", map[string]any{"Number": w.Number, "Unit": wu.Name}))
			} else if current && !w.Active {
				p.errs.Add(row.fail(colWindow, "staff.err.window_inactive", map[string]any{"Number": w.Number}))
			}
		case errors.Is(err, ErrNotFound):
			pw, planned := newWindow[row.window]
			if !planned {
				pw = NewWindow{Number: row.window, Unit: row.unit, Line: row.line}
				newWindow[row.window] = pw
				p.newWindows = append(p.newWindows, pw)
			} else if pw.Unit != row.unit {
				p.errs.Add(row.fail(colWindow, "staff.import.err.window_unit_conflict", map[string]any{"Number": pw.Number, "Unit": pw.Unit, "First": pw.Line}))
			}
		default:
			return nil, err
		}
	}
	if len(p.errs) == 0 {
		if err := p.describe(tx, rows); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// merge returns the record the row asks for: the existing person's record
// (found) or a new one starting today, with the file's values over it.
// Unit and window ids are left to the caller.
func (row *importRow) merge(existing Staff, found bool, today string) Staff {
	s := Staff{Post: PostA, StartDate: today}
	if found {
		s = existing
	}
	s.StaffNo, s.Name, s.Position = row.staff.StaffNo, row.staff.Name, row.staff.Position
	if row.hasPost {
		s.Post = row.staff.Post
	}
	if row.hasPhone || !found {
		s.Phone = row.staff.Phone
	}
	if row.hasStart {
		s.StartDate = row.staff.StartDate
	}
	switch {
	case row.hasEnd:
		s.EndDate = row.staff.EndDate
	case row.hasActive && row.active:
		s.EndDate = ""
	case row.hasActive && !s.Left(today) && s.EndDate == "":
		s.EndDate = max(today, s.StartDate)
	}
	return s
}

// describe fills the plan's result: counts, the units, windows and people
// to create, and each existing person's changed fields.
func (p *importPlan) describe(tx *store.Tx, rows []importRow) error {
	res := &p.result
	res.NewUnits, res.NewWindows = p.newUnits, p.newWindows
	res.UnitsCreated, res.WindowsCreated = len(p.newUnits), len(p.newWindows)
	for i := range rows {
		row, after := &rows[i], p.after[i]
		before, found := p.existing[i]
		if !found {
			res.Created++
			res.NewStaff = append(res.NewStaff, StaffLine{Line: row.line, StaffNo: after.StaffNo, Name: after.Name, Unit: row.unit,
				Window: row.window, Position: after.Position, Post: after.Post, StartDate: after.StartDate, EndDate: after.EndDate,
				StartDefaulted: !row.hasStart})
			continue
		}
		unit, window, err := placeOf(tx, before)
		if err != nil {
			return err
		}
		fields := fieldChanges(before, after, unit, row.unit, window, row.window)
		if len(fields) == 0 {
			res.Unchanged++
			continue
		}
		res.Updated++
		res.Changed = append(res.Changed, StaffChange{Line: row.line, StaffNo: after.StaffNo, Name: after.Name, Fields: fields})
	}
	return nil
}

// placeOf names a stored person's unit and window number.
func placeOf(tx *store.Tx, s Staff) (unit string, window int, err error) {
	u, err := GetUnitTx(tx, s.UnitID)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return "", 0, err
	}
	if s.WindowID != 0 {
		w, err := GetWindowTx(tx, s.WindowID)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return "", 0, err
		}
		window = w.Number
	}
	return u.Name, window, nil
}

// fieldChanges lists the fields the import changes, in column order,
// with the values as the file writes them.
func fieldChanges(before, after Staff, unitBefore, unitAfter string, windowBefore, windowAfter int) []FieldChange {
	var out []FieldChange
	add := func(field, b, a string) {
		if b != a {
			out = append(out, FieldChange{Field: field, Before: b, After: a})
		}
	}
	number := func(n int) string {
		if n == 0 {
			return ""
		}
		return strconv.Itoa(n)
	}
	add(colName, before.Name, after.Name)
	add(colUnit, unitBefore, unitAfter)
	add(colWindow, number(windowBefore), number(windowAfter))
	add(colPosition, string(before.Position), string(after.Position))
	add(colPost, string(before.Post), string(after.Post))
	add(colPhone, before.Phone, after.Phone)
	add(colStartDate, before.StartDate, after.StartDate)
	add(colEndDate, before.EndDate, after.EndDate)
	return out
}

// ImportKind writes the steps of a staff import.
var ImportKind = importjob.Kind{Name: "staff", Action: "staff.import", Apply: applyImport}

// plannedStep is one step of a staff import as the journal keeps it: a
// unit to create, a window to create, or a person to create or update
// with the record the plan worked out (importRow.merge).
type plannedStep struct {
	Op     string `json:"op"` // "unit", "window", "staff"
	Line   int    `json:"line,omitempty"`
	Unit   string `json:"unit,omitempty"`
	Window int    `json:"window,omitempty"`
	Staff  *Staff `json:"staff,omitempty"` // the person as the row leaves them; ID set for an update
}

// journal lists the plan's steps: new units, new windows, then each row.
func (p *importPlan) journal(rows []importRow) (importjob.Plan, error) {
	var steps []plannedStep
	for _, name := range p.newUnits {
		steps = append(steps, plannedStep{Op: "unit", Unit: name})
	}
	for _, pw := range p.newWindows {
		steps = append(steps, plannedStep{Op: "window", Line: pw.Line, Unit: pw.Unit, Window: pw.Number})
	}
	for i := range rows {
		s := p.after[i]
		if _, found := p.existing[i]; !found {
			s.ID = 0
		}
		steps = append(steps, plannedStep{Op: "staff", Line: rows[i].line, Unit: rows[i].unit, Window: rows[i].window, Staff: &s})
	}
	plan := importjob.Plan{Rows: make([]json.RawMessage, len(steps))}
	for i, st := range steps {
		data, err := json.Marshal(st)
		if err != nil {
			return importjob.Plan{}, err
		}
		plan.Rows[i] = data
	}
	return plan, nil
}

// applyImport writes one chunk of a staff import's steps.
func applyImport(tx *store.Tx, _ importjob.Job, rows []json.RawMessage, counts map[string]int) error {
	for _, raw := range rows {
		var st plannedStep
		if err := json.Unmarshal(raw, &st); err != nil {
			return fmt.Errorf("staff import: %w", err)
		}
		if err := st.apply(tx, counts); err != nil {
			if st.Line > 0 {
				return fmt.Errorf("line %d: %w", st.Line, err)
			}
			return err
		}
	}
	return nil
}

func (st plannedStep) apply(tx *store.Tx, counts map[string]int) error {
	switch st.Op {
	case "unit":
		if _, err := CreateUnitTx(tx, Unit{Name: st.Unit, Active: true}); err != nil {
			return fmt.Errorf("create unit %q: %w", st.Unit, err)
		}
		counts["units_created"]++
	case "window":
		u, err := UnitByNameTx(tx, st.Unit)
		if err != nil {
			return err
		}
		w := Window{Number: st.Window, Name: truncateRunes(u.Name, MaxWindowNameRunes), UnitID: u.ID, Active: u.Active}
		if _, err := CreateWindowTx(tx, w); err != nil {
			return fmt.Errorf("create window %d: %w", st.Window, err)
		}
		counts["windows_created"]++
	case "staff":
		return st.applyStaff(tx, counts)
	default:
		return fmt.Errorf("staff import: unknown step %q", st.Op)
	}
	return nil
}

// applyStaff places the step's person in their unit and window and
// creates them, or updates the person they were planned as.
func (st plannedStep) applyStaff(tx *store.Tx, counts map[string]int) error {
	if st.Staff == nil {
		return errors.New("staff import: a staff step without its person")
	}
	s := *st.Staff
	u, err := UnitByNameTx(tx, st.Unit)
	if err != nil {
		return err
	}
	s.UnitID, s.WindowID = u.ID, 0
	if st.Window != 0 {
		w, err := WindowByNumberTx(tx, st.Window)
		if err != nil {
			return err
		}
		s.WindowID = w.ID
	}
	if s.ID == 0 {
		_, err := CreateStaffTx(tx, s)
		counts["created"]++
		return err
	}
	_, changed, err := updateStaff(tx, s, "staff.update")
	if changed {
		counts["updated"]++
	} else {
		counts["unchanged"]++
	}
	return err
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		r = r[:n]
	}
	return string(r)
}
