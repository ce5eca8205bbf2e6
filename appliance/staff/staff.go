package staff

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strings"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// GetStaffTx returns the staff member with the given id, or an error
// wrapping ErrNotFound.
func GetStaffTx(tx *store.Tx, id uint64) (Staff, error) {
	s, err := store.GetAs[Staff](tx, bucketStaff, store.IDKey(id))
	if err != nil {
		return Staff{}, fmt.Errorf("staff %d: %w", id, err)
	}
	return s, nil
}

// StaffByNoTx returns the staff member with the given staff number (letter
// case and surrounding spaces ignored), or an error wrapping ErrNotFound.
func StaffByNoTx(tx *store.Tx, no string) (Staff, error) {
	var id uint64
	if err := tx.Get(bucketStaffByNo, staffNoKey(narrow(no)), &id); err != nil {
		return Staff{}, fmt.Errorf("staff number %q: %w", no, err)
	}
	return GetStaffTx(tx, id)
}

// CreateStaffTx validates s and stores it as a new staff member (s.ID and
// the timestamps are set here). An empty Post means A岗; an empty start
// date is today, the day the person is registered.
func CreateStaffTx(tx *store.Tx, s Staff) (Staff, error) {
	s.ID = 0
	if s.StartDate == "" {
		s.StartDate = tx.Today()
	}
	if err := checkStaff(tx, &s); err != nil {
		return Staff{}, err
	}
	id, err := tx.NextID(bucketStaff)
	if err != nil {
		return Staff{}, err
	}
	now := tx.Now().UTC()
	s.ID, s.CreatedAt, s.UpdatedAt = id, now, now
	if err := putStaff(tx, s, ""); err != nil {
		return Staff{}, err
	}
	return s, tx.AuditAndOutbox("staff.create", staffObject(s.ID), outboxStaff, nil, s)
}

// UpdateStaffTx replaces every field of staff member s.ID but the
// timestamps. An update that changes nothing writes nothing.
func UpdateStaffTx(tx *store.Tx, s Staff) (Staff, error) {
	out, _, err := updateStaff(tx, s, "staff.update")
	return out, err
}

// SetEndDateTx records that staff member id left the hall after the day
// end (YYYY-MM-DD, as typed: checked like the form's), or with end ""
// that they serve again. It is audited as "staff.leave" or "staff.return".
func SetEndDateTx(tx *store.Tx, id uint64, end string) (Staff, error) {
	s, err := GetStaffTx(tx, id)
	if err != nil {
		return Staff{}, err
	}
	s.EndDate = end
	action := "staff.leave"
	if strings.TrimSpace(end) == "" {
		action = "staff.return"
	}
	out, _, err := updateStaff(tx, s, action)
	return out, err
}

// updateStaff stores s over the record with its id and reports whether
// anything changed.
func updateStaff(tx *store.Tx, s Staff, action string) (Staff, bool, error) {
	before, err := GetStaffTx(tx, s.ID)
	if err != nil {
		return Staff{}, false, err
	}
	if err := checkStaff(tx, &s); err != nil {
		return Staff{}, false, err
	}
	s.CreatedAt, s.UpdatedAt = before.CreatedAt, before.UpdatedAt
	if s == before {
		return s, false, nil
	}
	s.UpdatedAt = tx.Now().UTC()
	if err := putStaff(tx, s, before.StaffNo); err != nil {
		return Staff{}, false, err
	}
	return s, true, tx.AuditAndOutbox(action, staffObject(s.ID), outboxStaff, before, s)
}

// checkStaff normalizes s and checks it against the registry: the staff
// number is free, the unit exists, the window (if any) exists and belongs to
// the unit, and a person who has not left is not placed in an inactive
// unit or window.
func checkStaff(tx *store.Tx, s *Staff) error {
	fe := checkStaffFields(s)
	if !fe.HasField("staff_no") {
		if other, err := StaffByNoTx(tx, s.StaffNo); err == nil && other.ID != s.ID {
			fe.Add(problem.WithArgs("staff_no", "staff.err.staff_no_taken", map[string]any{"StaffNo": other.StaffNo, "Name": other.Name}))
		}
	}
	// With an end date that could not be read, whether the person still
	// serves is unknown: their unit and window are not held to it.
	current := !s.Left(tx.Today()) && !fe.HasField("end_date")
	if e := checkUnitRef(tx, s.UnitID, current); e != nil {
		fe.Add(e)
	}
	if e := checkWindowRef(tx, s.WindowID, s.UnitID, current); e != nil {
		fe.Add(e)
	}
	return fe.Err()
}

// checkWindowRef checks an optional window reference of a staff member.
func checkWindowRef(tx *store.Tx, windowID, unitID uint64, active bool) *problem.Problem {
	if windowID == 0 {
		return nil
	}
	w, err := GetWindowTx(tx, windowID)
	if err != nil {
		return problem.WithArgs("window", "staff.err.window_not_found", map[string]any{"ID": windowID})
	}
	if w.UnitID != unitID {
		u, _ := GetUnitTx(tx, w.UnitID)
		return problem.WithArgs("window", "staff.err.window_other_unit", map[string]any{"Number": w.Number, "Unit": u.Name})
	}
	if active && !w.Active {
		return problem.WithArgs("window", "staff.err.window_inactive", map[string]any{"Number": w.Number})
	}
	return nil
}

func putStaff(tx *store.Tx, s Staff, oldNo string) error {
	key := staffNoKey(s.StaffNo)
	if oldNo != "" && !bytes.Equal(staffNoKey(oldNo), key) {
		if err := tx.Delete(bucketStaffByNo, staffNoKey(oldNo)); err != nil {
			return err
		}
	}
	if err := tx.Put(bucketStaffByNo, key, s.ID); err != nil {
		return err
	}
	return tx.Put(bucketStaff, store.IDKey(s.ID), s)
}

// CreateStaff stores a new staff member.
func (r *Registry) CreateStaff(actor string, s Staff) (Staff, error) {
	return store.Write(r.db, actor, func(tx *store.Tx) (Staff, error) { return CreateStaffTx(tx, s) })
}

// UpdateStaff replaces staff member s.ID.
func (r *Registry) UpdateStaff(actor string, s Staff) (Staff, error) {
	return store.Write(r.db, actor, func(tx *store.Tx) (Staff, error) { return UpdateStaffTx(tx, s) })
}

// SetEndDate records the day staff member id left the hall, or with end
// "" that they serve again. Staff are never deleted.
func (r *Registry) SetEndDate(actor string, id uint64, end string) (Staff, error) {
	return store.Write(r.db, actor, func(tx *store.Tx) (Staff, error) { return SetEndDateTx(tx, id, end) })
}

// GetStaff returns staff member id, or an error wrapping ErrNotFound.
func (r *Registry) GetStaff(id uint64) (Staff, error) {
	return store.Read(r.db, func(tx *store.Tx) (Staff, error) { return GetStaffTx(tx, id) })
}

// StaffByNo returns the staff member with staff number no, or an error
// wrapping ErrNotFound.
func (r *Registry) StaffByNo(no string) (Staff, error) {
	return store.Read(r.db, func(tx *store.Tx) (Staff, error) { return StaffByNoTx(tx, no) })
}

// ListStaff returns the staff members matching f, sorted by staff number
// (numbers within it compared as numbers: 2 before 10).
func (r *Registry) ListStaff(f Filter) ([]Staff, error) {
	return store.Read(r.db, func(tx *store.Tx) ([]Staff, error) { return ListStaffTx(tx, f) })
}

// ListStaffTx is ListStaff inside the caller's transaction.
func ListStaffTx(tx *store.Tx, f Filter) ([]Staff, error) {
	all, err := store.All[Staff](tx, bucketStaff)
	if err != nil {
		return nil, err
	}
	q := strings.ToLower(strings.TrimSpace(f.Query))
	today := tx.Today()
	out := slices.DeleteFunc(all, func(s Staff) bool { return !f.match(s, q, today) })
	sortByStaffNo(out)
	return out, nil
}

func (f Filter) match(s Staff, lowerQuery, today string) bool {
	switch {
	case s.Left(today) && !f.IncludeInactive:
		return false
	case f.UnitID != 0 && s.UnitID != f.UnitID:
		return false
	case f.WindowID != 0 && s.WindowID != f.WindowID:
		return false
	}
	return lowerQuery == "" ||
		strings.Contains(strings.ToLower(s.Name), lowerQuery) ||
		strings.Contains(strings.ToLower(s.StaffNo), lowerQuery)
}

func sortByStaffNo(ss []Staff) {
	slices.SortFunc(ss, func(a, b Staff) int { return compareStaffNo(a.StaffNo, b.StaffNo) })
}

// compareStaffNo orders staff numbers as people read them: runs of digits
// compare as numbers ("A2" < "A10"), letters ignore case.
func compareStaffNo(a, b string) int {
	x, y := a, b
	for x != "" && y != "" {
		if isDigit(x[0]) && isDigit(y[0]) {
			nx, ny := digitRun(x), digitRun(y)
			tx, ty := strings.TrimLeft(x[:nx], "0"), strings.TrimLeft(y[:ny], "0")
			if c := cmp.Or(cmp.Compare(len(tx), len(ty)), strings.Compare(tx, ty)); c != 0 {
				return c
			}
			x, y = x[nx:], y[ny:]
			continue
		}
		if c := cmp.Compare(upperASCII(x[0]), upperASCII(y[0])); c != 0 {
			return c
		}
		x, y = x[1:], y[1:]
	}
	return cmp.Or(cmp.Compare(len(x), len(y)), strings.Compare(a, b))
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func digitRun(s string) int {
	n := 0
	for n < len(s) && isDigit(s[n]) {
		n++
	}
	return n
}

func upperASCII(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}
