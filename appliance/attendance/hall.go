package attendance

// The hall at a glance, for the office's pages: the month of many people
// at once (the office month grid, one row a person, one column a day) and
// today across the hall (who is in, on leave, out on an errand, absent or
// not in yet). Both are built by the month builder and JudgeDay; nothing
// here judges anew.

import (
	"fmt"
	"slices"
	"time"

	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// HallFilter says whose rows a hall read model has: everyone active, one
// unit's people, one window's, or a list of people (a window lead's team).
// Fields combine: a unit and a list is the list's people of that unit.
type HallFilter struct {
	UnitID   uint64
	WindowID uint64
	// StaffIDs, when not nil, keeps only these people (an empty, non-nil
	// list keeps nobody).
	StaffIDs []uint64
}

// people lists the staff the filter keeps, by staff number: those still
// serving, or with inactive also those who have left.
func (f HallFilter) people(tx *store.Tx, inactive bool) ([]staff.Staff, error) {
	list, err := staff.ListStaffTx(tx, staff.Filter{UnitID: f.UnitID, WindowID: f.WindowID, IncludeInactive: inactive})
	if err != nil || f.StaffIDs == nil {
		return list, err
	}
	return slices.DeleteFunc(list, func(s staff.Staff) bool { return !slices.Contains(f.StaffIDs, s.ID) }), nil
}

// HallMonthQuery asks for one page of the hall's month.
type HallMonthQuery struct {
	Filter HallFilter
	Year   int
	Month  time.Month
	// Today: days from today on are not judged yet (they have not ended).
	Today time.Time
	// Page is 1-based (clamped); Size people a page, 0 everyone.
	Page, Size int
}

// HallMonth is one page of the hall's month: a row a person.
type HallMonth struct {
	Days     []HallDay
	Rows     []HallMonthRow
	Settings Settings // the rules the month was judged by
	// Total people the filter keeps, on every page; Page and Pages as
	// store pages are counted.
	Total, Page, Pages int
}

// HallDay is one column of the hall's month.
type HallDay struct {
	Date    time.Time
	Workday bool
}

// HallMonthRow is one person's month in the grid.
type HallMonthRow struct {
	Staff   staff.Staff
	Days    []HallCell // one per day of the month
	Result  MonthResult
	Remarks []Remark // the month builder's own remarks
}

// HallCell is one person's day: its symbols (worst first, never empty)
// and the judgement they summarise.
type HallCell struct {
	Symbols []DaySymbol
	Result  DayResult
}

// HallMonth builds and judges one page of the hall's month by the current
// rules, in one read transaction: only the page's people are built (the
// month builder reads each person's records of the month by key range).
// cal says which days are working days.
func (rs *Records) HallMonth(q HallMonthQuery, cal WorkingDays) (HallMonth, error) {
	return store.Read(rs.db, func(tx *store.Tx) (HallMonth, error) {
		out := HallMonth{Page: 1, Pages: 1}
		var err error
		if out.Settings, err = LoadSettings(tx); err != nil {
			return out, err
		}
		// The month's people are BuildMonth's: whoever served on some day
		// of it, on or after go-live.
		people, err := q.Filter.people(tx, true)
		if err != nil {
			return out, err
		}
		goLive, err := GoLiveTx(tx, rs.loc)
		if err != nil {
			return out, err
		}
		first := time.Date(q.Year, q.Month, 1, 0, 0, 0, 0, rs.loc)
		from, to := first.Format(dateLayout), first.AddDate(0, 1, -1).Format(dateLayout)
		people = slices.DeleteFunc(people, func(st staff.Staff) bool { return SpanOf(st, goLive, from, to).Empty() })
		out.Total = len(people)
		if q.Size > 0 {
			out.Pages = max(1, (out.Total+q.Size-1)/q.Size)
			out.Page = min(max(q.Page, 1), out.Pages)
			from := (out.Page - 1) * q.Size
			people = people[from:min(from+q.Size, len(people))]
		}
		for d := first; d.Month() == q.Month; d = d.AddDate(0, 0, 1) {
			out.Days = append(out.Days, HallDay{Date: d, Workday: cal.IsWorkday(d)})
		}
		opts := MonthOptions{Year: q.Year, Month: q.Month, Preset: out.Settings.Preset, Location: rs.loc, Calendar: cal}
		today := civilDay(q.Today, rs.loc)
		for _, st := range people {
			sm, err := buildStaffMonth(tx, st, goLive, opts)
			if err != nil {
				return out, fmt.Errorf("month of %s %s: %w", st.StaffNo, st.Name, err)
			}
			sm.EndBefore(today, opts.Preset)
			row := HallMonthRow{Staff: st, Result: sm.Result, Remarks: sm.Remarks}
			for i, r := range sm.Result.Days {
				row.Days = append(row.Days, HallCell{Symbols: DaySymbols(r, out.Days[i].Workday), Result: r})
			}
			out.Rows = append(out.Rows, row)
		}
		return out, nil
	})
}

// TodayState is where a person stands today, as the hall board shows it.
type TodayState string

// Today's states. The rule, in order: a person covered now (or, before the
// day's work starts, at its start) by approved leave is on leave, by a
// registered errand out on an errand; a person who has punched today is
// in; a person with no punch is absent once a whole session has ended
// without a punch or a cover (JudgeDay's 旷工 of that session), and not
// in yet before that.
const (
	TodayIn     TodayState = "in"     // 已到岗
	TodayLeave  TodayState = "leave"  // 请假
	TodayErrand TodayState = "errand" // 外出
	TodayAbsent TodayState = "absent" // 旷工 (a session ended without a punch)
	TodayNotIn  TodayState = "not_in" // 未到 (no punch yet, no session over)
)

// TodayStates lists the states in the order the board shows them.
func TodayStates() []TodayState {
	return []TodayState{TodayIn, TodayLeave, TodayErrand, TodayAbsent, TodayNotIn}
}

// HallToday is today across the hall.
type HallToday struct {
	// Working is false on a day off: nobody is expected, People is empty.
	Working bool
	People  []PersonToday // by staff number
	Counts  map[TodayState]int
}

// PersonToday is one person's today.
type PersonToday struct {
	Staff     staff.Staff
	State     TodayState
	Punches   []Mark // today's punches and approved remedies, in time order
	LeaveType string // for TodayLeave: a leave.Type code
}

// HallToday says where everyone the filter keeps stands at now (a moment
// of today, in the center's location), by the current rules; cal says
// whether today is a working day.
func (rs *Records) HallToday(f HallFilter, now time.Time, cal WorkingDays) (HallToday, error) {
	return store.Read(rs.db, func(tx *store.Tx) (HallToday, error) {
		out := HallToday{Counts: map[TodayState]int{}}
		today := civilDay(now, rs.loc)
		if !cal.IsWorkday(today) {
			return out, nil
		}
		out.Working = true
		set, err := LoadSettings(tx)
		if err != nil {
			return out, err
		}
		people, err := f.people(tx, false)
		if err != nil {
			return out, err
		}
		opts := MonthOptions{Year: today.Year(), Month: today.Month(), Preset: set.Preset, Location: rs.loc, Calendar: cal}
		for _, st := range people {
			in, err := gatherMonth(tx, st.ID, today, today.AddDate(0, 0, 1), opts)
			if err != nil {
				return out, fmt.Errorf("today of %s %s: %w", st.StaffNo, st.Name, err)
			}
			var sofar []Mark // the punches up to now: the board is of that moment
			for _, m := range in.marks {
				if !m.Time.After(now) {
					sofar = append(sofar, m)
				}
			}
			p := personToday(set.Preset, DayInput{Date: today, Working: true, Punches: sofar, Covers: in.covers}, now)
			p.Staff = st
			out.People = append(out.People, p)
			out.Counts[p.State]++
		}
		return out, nil
	})
}

// personToday applies the TodayState rule to one person's day so far.
func personToday(p Preset, in DayInput, now time.Time) PersonToday {
	r := JudgeDay(p, in)
	out := PersonToday{Punches: r.Punches, State: TodayNotIn}
	at := now
	if len(r.Sessions) > 0 && now.Before(r.Sessions[0].Start.On(r.Date)) {
		at = r.Sessions[0].Start.On(r.Date) // before work starts: the day's first cover counts
	}
	if c, ok := coverAt(in.Covers, at); ok {
		out.State, out.LeaveType = TodayErrand, ""
		if c.Kind == CoverLeave {
			out.State, out.LeaveType = TodayLeave, c.LeaveType
		}
		return out
	}
	if len(r.Punches) > 0 {
		out.State = TodayIn
		return out
	}
	for _, s := range r.Sessions {
		if s.Status == SessionAbsent && !s.End.On(r.Date).After(now) {
			out.State = TodayAbsent
		}
	}
	return out
}
