package attendance

import (
	"time"

	"bianmin/appliance/leave"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// TodayHandovers are the handovers of the leave that begins today, judged
// as at now, with the people and windows they name: the dashboard shows
// an uncovered window at once.
type TodayHandovers struct {
	List    []Handover
	People  map[uint64]staff.Staff
	Windows map[uint64]staff.Window
}

// Uncovered counts the uncovered handovers.
func (t TodayHandovers) Uncovered() int {
	n := 0
	for _, h := range t.List {
		if h.Status == HandoverUncovered {
			n++
		}
	}
	return n
}

// handoverLookback bounds how long before today a leave whose first
// working moment is today may have started (a leave filed from a Saturday
// begins on Monday; a holiday week is longer).
const handoverLookback = 14 * 24 * time.Hour

// HandoversToday judges, as at now, the handover of every approved leave
// with a substitute whose first working moment is today, on the current
// rules and cal.
func (rs *Records) HandoversToday(now time.Time, cal WorkingDays) (TodayHandovers, error) {
	return store.Read(rs.db, func(tx *store.Tx) (TodayHandovers, error) {
		out := TodayHandovers{People: map[uint64]staff.Staff{}, Windows: map[uint64]staff.Window{}}
		set, err := LoadSettings(tx)
		if err != nil {
			return out, err
		}
		rules, err := leave.LoadRulesTx(tx)
		if err != nil {
			return out, err
		}
		today := civilDay(now, rs.loc)
		tomorrow := today.AddDate(0, 0, 1)
		opts := MonthOptions{Preset: set.Preset, Location: rs.loc, Calendar: cal}
		members, err := staff.ListStaffTx(tx, staff.Filter{})
		if err != nil {
			return out, err
		}
		for _, st := range members {
			list, err := leave.ApprovedTx(tx, st.ID, today.Add(-handoverLookback), tomorrow)
			if err != nil {
				return out, err
			}
			for _, l := range list {
				if l.SubstituteID == 0 || !l.Start.Before(tomorrow) {
					continue
				}
				punches, err := PunchesTx(tx, st.ID, today, tomorrow)
				if err != nil {
					return out, err
				}
				marks := make([]Mark, len(punches))
				for i, p := range punches {
					marks[i] = MarkOf(p)
				}
				h, ok, err := handoverOf(tx, l, opts, marks, now, rules.UncoveredAbsenceHalves)
				if err != nil {
					return out, err
				}
				if !ok || !civilDay(h.Start, rs.loc).Equal(today) {
					continue
				}
				out.List = append(out.List, h)
				if err := rs.addHandoverPeople(tx, &out, st, l.SubstituteID); err != nil {
					return out, err
				}
			}
		}
		return out, nil
	})
}

func (rs *Records) addHandoverPeople(tx *store.Tx, out *TodayHandovers, leaver staff.Staff, subID uint64) error {
	out.People[leaver.ID] = leaver
	if sub, err := staff.GetStaffTx(tx, subID); err == nil {
		out.People[subID] = sub
	}
	if leaver.WindowID != 0 {
		if w, err := staff.GetWindowTx(tx, leaver.WindowID); err == nil {
			out.Windows[leaver.ID] = w
		}
	}
	return nil
}
