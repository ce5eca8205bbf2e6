package leave

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// RegisterRow is one approved leave in a month's register (请假登记簿).
type RegisterRow struct {
	Leave      Leave
	Staff      staff.Staff
	Substitute staff.Staff // zero when none
	// DaysInMonth is the leave's working days inside the month; CountsAs
	// the type it is judged as (a sick leave without its certificate).
	DaysInMonth float64
	CountsAs    Type
}

// UnitRegister is one unit's register of a month.
type UnitRegister struct {
	Unit   staff.Unit
	Rows   []RegisterRow
	Totals map[Type]float64 // working days in the month by the type counted
}

// Register is the month's leave register, by unit.
type Register struct {
	Month time.Time // its first day, in the center's location
	Units []UnitRegister
}

// Register reads the approved leave (imported, entered or requested; closed
// or not) with working time in the month, of the unit's staff (unitID 0:
// every unit), by unit in the registry's order and by start in each.
func (s *Service) Register(year int, month time.Month, unitID uint64) (Register, error) {
	if s.schedule == nil {
		return Register{}, errors.New("leave register: the service has no schedule (WithSchedule)")
	}
	return store.Read(s.db, func(tx *store.Tx) (Register, error) {
		sch, err := s.schedule(tx)
		if err != nil {
			return Register{}, err
		}
		loc := sch.Location()
		first := time.Date(year, month, 1, 0, 0, 0, 0, loc)
		next := first.AddDate(0, 1, 0)
		out := Register{Month: first}
		units, err := registerUnits(tx, unitID)
		if err != nil {
			return out, err
		}
		for _, u := range units {
			ur, err := unitRegister(tx, sch, u, first, next)
			if err != nil {
				return out, fmt.Errorf("register of %s: %w", u.Name, err)
			}
			out.Units = append(out.Units, ur)
		}
		return out, nil
	})
}

func registerUnits(tx *store.Tx, unitID uint64) ([]staff.Unit, error) {
	if unitID != 0 {
		u, err := staff.GetUnitTx(tx, unitID)
		if err != nil {
			return nil, err
		}
		return []staff.Unit{u}, nil
	}
	return staff.UnitsTx(tx)
}

// unitRegister reads one unit's register: its staff (active or not), their
// approved leave in the month.
func unitRegister(tx *store.Tx, sch Schedule, u staff.Unit, first, next time.Time) (UnitRegister, error) {
	ur := UnitRegister{Unit: u, Totals: map[Type]float64{}}
	members, err := staff.ListStaffTx(tx, staff.Filter{UnitID: u.ID, IncludeInactive: true})
	if err != nil {
		return ur, err
	}
	for _, st := range members {
		list, err := ApprovedTx(tx, st.ID, first, next)
		if err != nil {
			return ur, err
		}
		for _, l := range list {
			in := Measure(sch, later(l.Start, first), earlier(l.CoverEnd(), next))
			row := RegisterRow{Leave: l, Staff: st, DaysInMonth: in.WorkingDays, CountsAs: l.CountsAs(lengthOf(l, sch).WorkingDays)}
			if l.SubstituteID != 0 {
				if sub, err := staff.GetStaffTx(tx, l.SubstituteID); err == nil {
					row.Substitute = sub
				}
			}
			ur.Rows = append(ur.Rows, row)
			ur.Totals[row.CountsAs] += row.DaysInMonth
		}
	}
	slices.SortFunc(ur.Rows, func(a, b RegisterRow) int { return a.Leave.Start.Compare(b.Leave.Start) })
	return ur, nil
}
