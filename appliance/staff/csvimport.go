package staff

import (
	"errors"
	"fmt"
	"io"

	"bianmin/appliance/csvin"
	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// ImportResult says what an import did, or (Errors) why it did nothing.
type ImportResult struct {
	Created        int          `json:"created"`         // staff members added
	Updated        int          `json:"updated"`         // existing staff numbers whose record changed
	Unchanged      int          `json:"unchanged"`       // existing staff numbers the file left as they were
	UnitsCreated   int          `json:"units_created"`   // units named in the file that did not exist
	WindowsCreated int          `json:"windows_created"` // window numbers in the file that did not exist
	Errors         problem.List `json:"errors,omitempty"`
}

// ImportCSV reads a staff list and applies it all in one transaction, or
// nothing at all.
//
// The header row names the columns in any order: staff_no, name, unit,
// window and position are required; post, phone and active are optional
// (Chinese headings 工号, 姓名, 窗口单位, 窗口, 职务, 岗位, 联系电话, 状态 are
// accepted too). position is staff/lead/chief or 工作人员/窗口负责人/首席代表;
// post is A/B/A岗/B岗; window is a number, empty for none; active is
// yes/no (true/false, 1/0, 是/否). The file may be UTF-8 with or without
// BOM, GBK/GB18030, or UTF-16 with BOM.
//
// A staff number already in the registry updates that person; units and
// windows named in the file are created when missing (a new window is named
// after its unit). An empty post or active cell, or a missing phone column,
// leaves an existing person's value as it is (new people: A岗, active).
//
// Every row is checked before anything is written. When any row has a
// problem, ImportCSV writes nothing and returns every problem in
// ImportResult.Errors with an error wrapping ErrImportRejected and the
// problems. A problem's Line is the 1-based line of the file; 0 means the
// file as a whole.
func (r *Registry) ImportCSV(actor string, rd io.Reader) (ImportResult, error) {
	rows, errs, err := readImport(rd)
	if err != nil {
		return ImportResult{}, fmt.Errorf("staff import: %w", err)
	}
	if len(rows) == 0 && len(errs) == 0 {
		errs = problem.List{problem.New("", importFile.Empty)}
	}
	if len(rows) == 0 {
		return rejected(errs)
	}
	var res ImportResult
	err = r.db.Update(actor, func(tx *store.Tx) error {
		plan, err := planImport(tx, rows)
		if err != nil {
			return err
		}
		if errs = append(errs, plan.errs...); len(errs) > 0 {
			return ErrImportRejected
		}
		return plan.apply(tx, rows, &res)
	})
	switch {
	case errors.Is(err, ErrImportRejected):
		return rejected(errs)
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
	newUnits   []string      // unit names to create, in file order
	newWindows []plannedWindow
	errs       problem.List
}

type plannedWindow struct {
	number int
	unit   string
	line   int // first line that names it
}

// planImport checks the rows against the registry and against each other:
// units and windows an active person is placed in must be active, a window
// must belong to the row's unit, and a new window number cannot be given to
// two units.
func planImport(tx *store.Tx, rows []importRow) (*importPlan, error) {
	p := &importPlan{existing: map[int]Staff{}}
	newUnit := map[string]bool{}
	newWindow := map[int]plannedWindow{}
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
		active := row.merge(ex, found).Active
		if row.bad[colUnit] {
			continue
		}
		u, err := UnitByNameTx(tx, row.unit)
		switch {
		case err == nil && active && !u.Active:
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
			} else if active && !w.Active {
				p.errs.Add(row.fail(colWindow, "staff.err.window_inactive", map[string]any{"Number": w.Number}))
			}
		case errors.Is(err, ErrNotFound):
			pw, planned := newWindow[row.window]
			if !planned {
				pw = plannedWindow{number: row.window, unit: row.unit, line: row.line}
				newWindow[row.window] = pw
				p.newWindows = append(p.newWindows, pw)
			} else if pw.unit != row.unit {
				p.errs.Add(row.fail(colWindow, "staff.import.err.window_unit_conflict", map[string]any{"Number": pw.number, "Unit": pw.unit, "First": pw.line}))
			}
		default:
			return nil, err
		}
	}
	return p, nil
}

// merge returns the record the row asks for: the existing person's record
// (found) or a new one, with the file's values over it. Unit and window ids
// are left to the caller.
func (row *importRow) merge(existing Staff, found bool) Staff {
	s := Staff{Post: PostA, Active: true}
	if found {
		s = existing
	}
	s.StaffNo, s.Name, s.Position = row.staff.StaffNo, row.staff.Name, row.staff.Position
	if row.hasPost {
		s.Post = row.staff.Post
	}
	if row.hasActive {
		s.Active = row.staff.Active
	}
	if row.hasPhone || !found {
		s.Phone = row.staff.Phone
	}
	return s
}

// apply creates the missing units and windows, then creates or updates each
// person, all in tx.
func (p *importPlan) apply(tx *store.Tx, rows []importRow, res *ImportResult) error {
	for _, name := range p.newUnits {
		if _, err := CreateUnitTx(tx, Unit{Name: name, Active: true}); err != nil {
			return fmt.Errorf("create unit %q: %w", name, err)
		}
		res.UnitsCreated++
	}
	for _, pw := range p.newWindows {
		u, err := UnitByNameTx(tx, pw.unit)
		if err != nil {
			return err
		}
		w := Window{Number: pw.number, Name: truncateRunes(u.Name, MaxWindowNameRunes), UnitID: u.ID, Active: u.Active}
		if _, err := CreateWindowTx(tx, w); err != nil {
			return fmt.Errorf("line %d: create window %d: %w", pw.line, pw.number, err)
		}
		res.WindowsCreated++
	}
	for i := range rows {
		if err := p.applyRow(tx, i, &rows[i], res); err != nil {
			return fmt.Errorf("line %d: %w", rows[i].line, err)
		}
	}
	summary := *res
	return tx.Audit("staff.import", "import/staff", nil, summary)
}

func (p *importPlan) applyRow(tx *store.Tx, i int, row *importRow, res *ImportResult) error {
	ex, found := p.existing[i]
	s := row.merge(ex, found)
	u, err := UnitByNameTx(tx, row.unit)
	if err != nil {
		return err
	}
	s.UnitID, s.WindowID = u.ID, 0
	if row.window != 0 {
		w, err := WindowByNumberTx(tx, row.window)
		if err != nil {
			return err
		}
		s.WindowID = w.ID
	}
	if !found {
		_, err := CreateStaffTx(tx, s)
		res.Created++
		return err
	}
	_, changed, err := updateStaff(tx, s, "staff.update")
	if changed {
		res.Updated++
	} else {
		res.Unchanged++
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
