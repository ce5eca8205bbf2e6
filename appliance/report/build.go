package report

import (
	"fmt"
	"strings"
	"time"

	"bianmin/appliance/attendance"
	"bianmin/appliance/calendar"
	"bianmin/appliance/center"
	"bianmin/appliance/problem"
	"bianmin/appliance/rating"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// Calendar says which days are working days and what they are called;
// *calendar.Calendar is one.
type Calendar interface {
	Day(t time.Time) calendar.Day
	IsWorkday(t time.Time) bool
}

// Options say how Build judges. Calendar is required; the zero value of
// every other field has a default.
type Options struct {
	Calendar Calendar
	// Location is the center's; time.Local when nil.
	Location *time.Location
	// Preset replaces the center's stored rules (LoadSettings: saved, or
	// the standard preset) when not nil. It must be valid.
	Preset *attendance.Preset
	// Now is the clock; the store's when nil. Days from today on are not
	// judged: a report of a period that has not ended covers it until
	// yesterday.
	Now func() time.Time
	// Progress, when set, is called after each month is judged with the
	// months done and the months in all. It is called inside Build's read
	// transaction: a store write on the same goroutine could wait for that
	// transaction forever (a write that grows the file remaps it).
	Progress func(done, total int)
	// Flags say whom the quarterly result flags; zero: DefaultFlagRules.
	Flags FlagRules
}

// Build judges the period from the store and returns its report. It only
// reads, in one read transaction: a consistent view of the records.
func Build(db *store.DB, p Period, opts Options) (*Report, error) {
	if opts.Location == nil {
		opts.Location = time.Local
	}
	if opts.Now == nil {
		opts.Now = db.Now
	}
	if opts.Flags == (FlagRules{}) {
		opts.Flags = DefaultFlagRules()
	}
	if opts.Calendar == nil {
		return nil, fmt.Errorf("report: no calendar")
	}
	now := opts.Now()
	today := midnight(now.In(opts.Location))
	if err := p.CheckStarted(now); err != nil {
		return nil, err
	}
	r := &Report{Kind: p.Kind, Period: p, Center: center.New(db).Get().Name, GeneratedAt: now.UTC()}
	if p.End.After(today) {
		r.Until = today.AddDate(0, 0, -1).Format("2006-01-02")
	}
	var months [][]attendance.StaffMonth
	var people map[uint64]Person
	var flags []rating.Flag
	objectionDays := 0
	goLive := ""
	err := db.View(func(tx *store.Tx) error {
		var err error
		if goLive, err = attendance.GoLiveTx(tx, opts.Location); err != nil {
			return err
		}
		if goLive > p.Last().Format(dateLayout) {
			return problem.New("period", keyBeforeGoLive, "Period", p.Key, "GoLive", goLive)
		}
		set, err := attendance.LoadSettings(tx)
		if err != nil {
			return err
		}
		preset := set.Preset
		if opts.Preset != nil {
			preset = *opts.Preset
		}
		r.Preset, objectionDays = preset.Key, set.ObjectionDays
		if people, err = peopleOf(tx); err != nil {
			return err
		}
		if p.Kind == Monthly {
			if flags, err = rating.FlagsTx(tx, p.Last().Format(dateLayout)); err != nil {
				return err
			}
		}
		all := p.Months()
		for i, m := range all {
			sm, err := attendance.BuildMonth(tx, attendance.MonthOptions{Year: m.Year(), Month: m.Month(),
				Preset: preset, Location: opts.Location, Calendar: opts.Calendar})
			if err != nil {
				return fmt.Errorf("judge %s: %w", m.Format("2006-01"), err)
			}
			months = append(months, cutAt(sm, today, preset))
			if opts.Progress != nil {
				opts.Progress(i+1, len(all))
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if goLive > p.Start.Format(dateLayout) {
		r.GoLive = goLive
	}
	for d := p.Start; d.Before(p.End) && d.Before(today); d = d.AddDate(0, 0, 1) {
		if opts.Calendar.IsWorkday(d) && d.Format(dateLayout) >= goLive {
			r.WorkingDays++
		}
	}
	switch p.Kind {
	case Weekly:
		r.Weekly = buildWeekly(p, months, people, opts.Calendar, goLive)
		r.Weekly.ObjectionDays = objectionDays
	case Monthly:
		r.Monthly = buildMonthly(months[0], people)
		flagLeastSatisfied(r.Monthly, flags)
	case Quarterly:
		r.Quarterly = buildQuarterly(p, months, people, opts.Flags, goLive)
	default:
		return nil, problem.New("kind", keyKind, "Kind", string(p.Kind))
	}
	return r, nil
}

// peopleOf names every staff member, active or not, with the unit and
// window they belong to now.
func peopleOf(tx *store.Tx) (map[uint64]Person, error) {
	members, err := staff.ListStaffTx(tx, staff.Filter{IncludeInactive: true})
	if err != nil {
		return nil, err
	}
	units, windows := map[uint64]string{}, map[uint64]int{}
	out := make(map[uint64]Person, len(members))
	for _, s := range members {
		if _, ok := units[s.UnitID]; !ok && s.UnitID != 0 {
			u, err := staff.GetUnitTx(tx, s.UnitID)
			if err != nil && err != store.ErrNotFound {
				return nil, err
			}
			units[s.UnitID] = u.Name
		}
		if _, ok := windows[s.WindowID]; !ok && s.WindowID != 0 {
			w, err := staff.GetWindowTx(tx, s.WindowID)
			if err != nil && err != store.ErrNotFound {
				return nil, err
			}
			windows[s.WindowID] = w.Number
		}
		out[s.ID] = Person{StaffID: s.ID, StaffNo: s.StaffNo, Name: s.Name, UnitID: s.UnitID, Unit: units[s.UnitID], Window: windows[s.WindowID]}
	}
	return out, nil
}

// cutAt leaves days from today on unjudged (they have not happened, or not
// ended) and judges the month again when that changed anything.
func cutAt(months []attendance.StaffMonth, today time.Time, p attendance.Preset) []attendance.StaffMonth {
	for i := range months {
		months[i].EndBefore(today, p)
	}
	return months
}

// dateLayout writes civil dates in reports' data.
const dateLayout = "2006-01-02"

// partialOf is what a report says of a person who served only part of a
// period: the day they joined and the day they left, when inside it; nil
// when they served all of it (a go-live date inside the period is said
// once, for everyone: Report.GoLive).
func partialOf(s attendance.JudgedSpan) *attendance.JudgedSpan {
	if s.Start == "" && s.End == "" {
		return nil
	}
	s.GoLive = ""
	return &s
}

// personOf is the staff member of a judged month as reports name them.
func personOf(sm attendance.StaffMonth, people map[uint64]Person) Person {
	if p, ok := people[sm.Staff.ID]; ok {
		return p
	}
	return Person{StaffID: sm.Staff.ID, StaffNo: sm.Staff.StaffNo, Name: sm.Staff.Name, UnitID: sm.Staff.UnitID}
}

// unitGroups groups people by home unit: units in the order their first
// member appears (members come in staff-number order), people in order.
type unitGroups struct {
	order []uint64
	names map[uint64]string
	staff map[uint64][]uint64
}

func (g *unitGroups) add(p Person) {
	if g.staff == nil {
		g.names, g.staff = map[uint64]string{}, map[uint64][]uint64{}
	}
	if _, ok := g.staff[p.UnitID]; !ok {
		g.order = append(g.order, p.UnitID)
		g.names[p.UnitID] = p.Unit
	}
	g.staff[p.UnitID] = append(g.staff[p.UnitID], p.StaffID)
}

// DefaultPeriodDB is DefaultPeriod with the center's go-live date read
// from the store (attendance.GoLiveTx), for now in loc.
func DefaultPeriodDB(db *store.DB, kind Kind, now time.Time, loc *time.Location) (Period, error) {
	goLive, err := store.Read(db, func(tx *store.Tx) (string, error) { return attendance.GoLiveTx(tx, loc) })
	if err != nil {
		return Period{}, err
	}
	return DefaultPeriod(kind, now.In(loc), goLive), nil
}

// flagLeastSatisfied remarks, on the month's line of each staff member
// flagged as 最不满意人员 by the end of the month (appliance/rating), the
// namings and the recommendation to return them to their unit (regulation
// 001 line 229): the summary and the unit's letter carry it.
func flagLeastSatisfied(m *MonthlySummary, flags []rating.Flag) {
	by := map[uint64]rating.Flag{}
	for _, f := range flags {
		by[f.StaffID] = f
	}
	for i := range m.Units {
		for j := range m.Units[i].Staff {
			l := &m.Units[i].Staff[j]
			if f, ok := by[l.StaffID]; ok {
				l.Remarks = append(l.Remarks, Remark{Key: keyLeastSatisfied, Args: map[string]any{"Times": f.Times, "Periods": strings.Join(f.Keys, "、")}})
			}
		}
	}
}

// keyLeastSatisfied words a flagged person's remark.
const keyLeastSatisfied = "report.remark.least_satisfied"
