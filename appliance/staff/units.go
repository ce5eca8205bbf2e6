package staff

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// GetUnitTx returns the unit with the given id, or an error wrapping
// ErrNotFound.
func GetUnitTx(tx *store.Tx, id uint64) (Unit, error) {
	u, err := store.GetAs[Unit](tx, bucketUnits, store.IDKey(id))
	if err != nil {
		return Unit{}, fmt.Errorf("unit %d: %w", id, err)
	}
	return u, nil
}

// UnitByNameTx returns the unit with the given name (surrounding spaces
// ignored), or an error wrapping ErrNotFound.
func UnitByNameTx(tx *store.Tx, name string) (Unit, error) {
	var id uint64
	if err := tx.Get(bucketUnitByName, []byte(strings.TrimSpace(name)), &id); err != nil {
		return Unit{}, fmt.Errorf("unit %q: %w", name, err)
	}
	return GetUnitTx(tx, id)
}

// CreateUnitTx validates u and stores it as a new unit (u.ID is ignored).
func CreateUnitTx(tx *store.Tx, u Unit) (Unit, error) {
	u.ID = 0
	if err := checkUnit(tx, &u); err != nil {
		return Unit{}, err
	}
	id, err := tx.NextID(bucketUnits)
	if err != nil {
		return Unit{}, err
	}
	u.ID = id
	if err := putUnit(tx, u, ""); err != nil {
		return Unit{}, err
	}
	return u, tx.AuditAndOutbox("unit.create", unitObject(u.ID), outboxUnit, nil, u)
}

// UpdateUnitTx replaces the name and active flag of unit u.ID. A unit that
// still has active staff or windows cannot be made inactive.
func UpdateUnitTx(tx *store.Tx, u Unit) (Unit, error) {
	before, err := GetUnitTx(tx, u.ID)
	if err != nil {
		return Unit{}, err
	}
	if err := checkUnit(tx, &u); err != nil {
		return Unit{}, err
	}
	if before.Active && !u.Active {
		if err := checkUnitUnused(tx, u.ID); err != nil {
			return Unit{}, err
		}
	}
	if u == before {
		return u, nil
	}
	if err := putUnit(tx, u, before.Name); err != nil {
		return Unit{}, err
	}
	return u, tx.AuditAndOutbox("unit.update", unitObject(u.ID), outboxUnit, before, u)
}

func checkUnit(tx *store.Tx, u *Unit) error {
	var fe problem.List
	var e *problem.Problem
	if u.Name, e = unitNameRule.check(u.Name); e != nil {
		fe.Add(e)
	} else if other, err := UnitByNameTx(tx, u.Name); err == nil && other.ID != u.ID {
		fe.Add(problem.WithArgs("name", "staff.err.unit_name_taken", map[string]any{"Name": u.Name}))
	}
	return fe.Err()
}

// checkUnitUnused refuses to deactivate a unit with active staff or windows.
func checkUnitUnused(tx *store.Tx, unitID uint64) error {
	staff, err := store.All[Staff](tx, bucketStaff)
	if err != nil {
		return err
	}
	windows, err := store.All[Window](tx, bucketWindows)
	if err != nil {
		return err
	}
	today := tx.Today()
	nStaff := countFunc(staff, func(s Staff) bool { return !s.Left(today) && s.UnitID == unitID })
	nWindows := countFunc(windows, func(w Window) bool { return w.Active && w.UnitID == unitID })
	if nStaff == 0 && nWindows == 0 {
		return nil
	}
	var fe problem.List
	fe.Add(problem.WithArgs("active", "staff.err.unit_in_use", map[string]any{"Staff": nStaff, "Windows": nWindows}))
	return fe.Err()
}

func putUnit(tx *store.Tx, u Unit, oldName string) error {
	if oldName != "" && oldName != u.Name {
		if err := tx.Delete(bucketUnitByName, []byte(oldName)); err != nil {
			return err
		}
	}
	if err := tx.Put(bucketUnitByName, []byte(u.Name), u.ID); err != nil {
		return err
	}
	return tx.Put(bucketUnits, store.IDKey(u.ID), u)
}

// GetWindowTx returns the window with the given id, or an error wrapping
// ErrNotFound.
func GetWindowTx(tx *store.Tx, id uint64) (Window, error) {
	w, err := store.GetAs[Window](tx, bucketWindows, store.IDKey(id))
	if err != nil {
		return Window{}, fmt.Errorf("window %d: %w", id, err)
	}
	return w, nil
}

// WindowByNumberTx returns the window with the given number, or an error
// wrapping ErrNotFound.
func WindowByNumberTx(tx *store.Tx, number int) (Window, error) {
	var id uint64
	if number < 1 {
		return Window{}, fmt.Errorf("window number %d: %w", number, ErrNotFound)
	}
	if err := tx.Get(bucketWindowByNumber, store.IDKey(uint64(number)), &id); err != nil {
		return Window{}, fmt.Errorf("window number %d: %w", number, err)
	}
	return GetWindowTx(tx, id)
}

// CreateWindowTx validates w and stores it as a new window (w.ID is
// ignored).
func CreateWindowTx(tx *store.Tx, w Window) (Window, error) {
	w.ID = 0
	if err := checkWindow(tx, &w); err != nil {
		return Window{}, err
	}
	id, err := tx.NextID(bucketWindows)
	if err != nil {
		return Window{}, err
	}
	w.ID = id
	if err := putWindow(tx, w, 0); err != nil {
		return Window{}, err
	}
	return w, tx.AuditAndOutbox("window.create", windowObject(w.ID), outboxWindow, nil, w)
}

// UpdateWindowTx replaces number, name, unit and active flag of window
// w.ID. A window with active staff cannot be made inactive or given to
// another unit.
func UpdateWindowTx(tx *store.Tx, w Window) (Window, error) {
	before, err := GetWindowTx(tx, w.ID)
	if err != nil {
		return Window{}, err
	}
	if err := checkWindow(tx, &w); err != nil {
		return Window{}, err
	}
	if before.Active && !w.Active || before.UnitID != w.UnitID {
		if err := checkWindowUnused(tx, before); err != nil {
			return Window{}, err
		}
	}
	if w == before {
		return w, nil
	}
	if err := putWindow(tx, w, before.Number); err != nil {
		return Window{}, err
	}
	return w, tx.AuditAndOutbox("window.update", windowObject(w.ID), outboxWindow, before, w)
}

func checkWindow(tx *store.Tx, w *Window) error {
	var fe problem.List
	var e *problem.Problem
	if w.Number < 1 || w.Number > MaxWindowNumber {
		fe.Add(problem.WithArgs("number", "staff.err.window_number_invalid", map[string]any{"Max": MaxWindowNumber}))
	} else if other, err := WindowByNumberTx(tx, w.Number); err == nil && other.ID != w.ID {
		fe.Add(problem.WithArgs("number", "staff.err.window_number_taken", map[string]any{"Number": w.Number}))
	}
	if w.Name, e = windowNameRule.check(w.Name); e != nil {
		fe.Add(e)
	}
	if e := checkUnitRef(tx, w.UnitID, w.Active); e != nil {
		fe.Add(e)
	}
	return fe.Err()
}

// checkUnitRef checks that unitID names a unit, and an active one when the
// referring record is active.
func checkUnitRef(tx *store.Tx, unitID uint64, active bool) *problem.Problem {
	if unitID == 0 {
		return problem.WithArgs("unit", "staff.err.unit_required", nil)
	}
	u, err := GetUnitTx(tx, unitID)
	switch {
	case err != nil:
		return problem.WithArgs("unit", "staff.err.unit_not_found", map[string]any{"ID": unitID})
	case active && !u.Active:
		return problem.WithArgs("unit", "staff.err.unit_inactive", map[string]any{"Unit": u.Name})
	}
	return nil
}

// checkWindowUnused refuses to deactivate or move a window that active
// staff sit at.
func checkWindowUnused(tx *store.Tx, w Window) error {
	staff, err := store.All[Staff](tx, bucketStaff)
	if err != nil {
		return err
	}
	today := tx.Today()
	n := countFunc(staff, func(s Staff) bool { return !s.Left(today) && s.WindowID == w.ID })
	if n == 0 {
		return nil
	}
	var fe problem.List
	fe.Add(problem.WithArgs("active", "staff.err.window_in_use", map[string]any{"Number": w.Number, "Staff": n}))
	return fe.Err()
}

func putWindow(tx *store.Tx, w Window, oldNumber int) error {
	if oldNumber != 0 && oldNumber != w.Number {
		if err := tx.Delete(bucketWindowByNumber, store.IDKey(uint64(oldNumber))); err != nil {
			return err
		}
	}
	if err := tx.Put(bucketWindowByNumber, store.IDKey(uint64(w.Number)), w.ID); err != nil {
		return err
	}
	return tx.Put(bucketWindows, store.IDKey(w.ID), w)
}

// CreateUnit stores a new unit.
func (r *Registry) CreateUnit(actor string, u Unit) (Unit, error) {
	return store.Write(r.db, actor, func(tx *store.Tx) (Unit, error) { return CreateUnitTx(tx, u) })
}

// UpdateUnit renames or (de)activates unit u.ID.
func (r *Registry) UpdateUnit(actor string, u Unit) (Unit, error) {
	return store.Write(r.db, actor, func(tx *store.Tx) (Unit, error) { return UpdateUnitTx(tx, u) })
}

// Units lists every unit, active or not, in the order they were created.
// Unit returns the unit with id, or an error wrapping ErrNotFound.
func (r *Registry) Unit(id uint64) (Unit, error) {
	return store.Read(r.db, func(tx *store.Tx) (Unit, error) { return GetUnitTx(tx, id) })
}

// Window returns the window with id, or an error wrapping ErrNotFound.
func (r *Registry) Window(id uint64) (Window, error) {
	return store.Read(r.db, func(tx *store.Tx) (Window, error) { return GetWindowTx(tx, id) })
}

func (r *Registry) Units() ([]Unit, error) {
	return store.Read(r.db, UnitsTx)
}

// UnitsTx lists every unit, active or not, in id order.
func UnitsTx(tx *store.Tx) ([]Unit, error) { return store.All[Unit](tx, bucketUnits) }

// CreateWindow stores a new window.
func (r *Registry) CreateWindow(actor string, w Window) (Window, error) {
	return store.Write(r.db, actor, func(tx *store.Tx) (Window, error) { return CreateWindowTx(tx, w) })
}

// UpdateWindow changes window w.ID.
func (r *Registry) UpdateWindow(actor string, w Window) (Window, error) {
	return store.Write(r.db, actor, func(tx *store.Tx) (Window, error) { return UpdateWindowTx(tx, w) })
}

// Windows lists every window, active or not, by number.
func (r *Registry) Windows() ([]Window, error) {
	ws, err := store.Read(r.db, func(tx *store.Tx) ([]Window, error) { return store.All[Window](tx, bucketWindows) })
	slices.SortFunc(ws, func(a, b Window) int { return cmp.Compare(a.Number, b.Number) })
	return ws, err
}

// countFunc counts the elements of xs that f holds for.
func countFunc[T any](xs []T, f func(T) bool) int {
	n := 0
	for _, x := range xs {
		if f(x) {
			n++
		}
	}
	return n
}

// DeleteUnitTx removes unit id when nothing refers to it: no staff member
// (serving or left) and no window. A unit created by mistake — a typo in an
// imported file — goes this way; a unit that was ever used is made
// inactive instead. The county receives a "unit.deleted" record.
func DeleteUnitTx(tx *store.Tx, id uint64) error {
	u, err := GetUnitTx(tx, id)
	if err != nil {
		return err
	}
	staff, err := store.All[Staff](tx, bucketStaff)
	if err != nil {
		return err
	}
	windows, err := store.All[Window](tx, bucketWindows)
	if err != nil {
		return err
	}
	nStaff := countFunc(staff, func(s Staff) bool { return s.UnitID == id })
	nWindows := countFunc(windows, func(w Window) bool { return w.UnitID == id })
	if nStaff > 0 || nWindows > 0 {
		var fe problem.List
		fe.Add(problem.WithArgs("delete", "staff.err.unit_referenced", map[string]any{"Name": u.Name, "Staff": nStaff, "Windows": nWindows}))
		return fe.Err()
	}
	return deleteRecord(tx, bucketUnits, id, bucketUnitByName, []byte(u.Name), "unit.delete", unitObject(id), outboxUnit, u)
}

// deleteRecord removes record id of bucket and its entry in the index
// bucket, audited as action on object (before: the record) and sent to the
// county as kind+".deleted".
func deleteRecord(tx *store.Tx, bucket string, id uint64, index string, indexKey []byte, action, object, kind string, before any) error {
	if err := tx.Delete(index, indexKey); err != nil {
		return err
	}
	if err := tx.Delete(bucket, store.IDKey(id)); err != nil {
		return err
	}
	if err := tx.Audit(action, object, before, nil); err != nil {
		return err
	}
	return tx.Outbox(kind+".deleted", before)
}

// DeleteWindowTx removes window id when no staff member (serving or left)
// was ever placed at it; a window that was used is made inactive instead.
func DeleteWindowTx(tx *store.Tx, id uint64) error {
	w, err := GetWindowTx(tx, id)
	if err != nil {
		return err
	}
	staff, err := store.All[Staff](tx, bucketStaff)
	if err != nil {
		return err
	}
	if n := countFunc(staff, func(s Staff) bool { return s.WindowID == id }); n > 0 {
		var fe problem.List
		fe.Add(problem.WithArgs("delete", "staff.err.window_referenced", map[string]any{"Number": w.Number, "Staff": n}))
		return fe.Err()
	}
	return deleteRecord(tx, bucketWindows, id, bucketWindowByNumber, store.IDKey(uint64(w.Number)), "window.delete", windowObject(id), outboxWindow, w)
}

// DeleteUnit removes a unit nothing refers to.
func (r *Registry) DeleteUnit(actor string, id uint64) error {
	return r.db.Update(actor, func(tx *store.Tx) error { return DeleteUnitTx(tx, id) })
}

// DeleteWindow removes a window nobody was placed at.
func (r *Registry) DeleteWindow(actor string, id uint64) error {
	return r.db.Update(actor, func(tx *store.Tx) error { return DeleteWindowTx(tx, id) })
}

// UnitByName returns the unit with the given name, or an error wrapping
// ErrNotFound.
func (r *Registry) UnitByName(name string) (Unit, error) {
	return store.Read(r.db, func(tx *store.Tx) (Unit, error) { return UnitByNameTx(tx, name) })
}

// WindowByNumber returns the window with the given number, or an error
// wrapping ErrNotFound.
func (r *Registry) WindowByNumber(number int) (Window, error) {
	return store.Read(r.db, func(tx *store.Tx) (Window, error) { return WindowByNumberTx(tx, number) })
}
