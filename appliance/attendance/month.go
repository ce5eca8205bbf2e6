package attendance

import (
	"errors"
	"fmt"
	"time"

	"bianmin/appliance/leave"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// WorkingDays says which dates are working days: national holidays and
// 调休 make-up workdays applied. *calendar.Calendar has this method.
type WorkingDays interface {
	IsWorkday(t time.Time) bool
}

// MonthOptions say which month to build and by which rules.
type MonthOptions struct {
	Year     int
	Month    time.Month
	Preset   Preset         // must be valid
	Location *time.Location // the center's; time.Local when nil
	Calendar WorkingDays
	// Now judges today's handovers as they stand (zero: the month is over).
	Now time.Time
}

// StaffMonth is one staff member's month: the days as built from the
// store, the judgement of them, the builder's own remarks (records.* keys:
// a sick leave counted as personal leave, a remedy whose point the rules
// no longer have), and the part of the month the person is judged in.
type StaffMonth struct {
	Staff   staff.Staff `json:"staff"`
	Days    []DayInput  `json:"days"`
	Result  MonthResult `json:"result"`
	Remarks []Remark    `json:"remarks,omitempty"`
	Span    JudgedSpan  `json:"span"`
}

// Remark keys of the month builder.
const (
	remarkSickAsPersonal = "records.month.remark.sick_as_personal"
	remarkRemedyPoint    = "records.month.remark.remedy_point_gone"
	remarkRemedies       = "records.month.remark.remedies"
	remarkCorrections    = "records.month.remark.corrections"
)

// BuildMonth builds and judges the month of every staff member who served
// on some day of it on or after the center's go-live date (GoLiveTx), in
// staff-number order; working days before go-live, before a person joined
// or after they left are not judged (DayInput.Excluded), and StaffMonth.Span
// says which part of the month was. Each day's input gathers, from the
// store: punches;
// approved remedies (as remedy-marked punches); accepted objections'
// corrections (an on-time point as a remedy-marked punch at its due time,
// a voided off-post record left out); registered errands and approved
// leave as covers — only approved leave, up to its return (a sick leave
// of more than one working day without a certificate covers as personal
// leave: leave.Leave.CountsAs) — with its overstay and the departures
// before the substitute arrived (month_leave.go); and off-post records. opts.Calendar says which days are working days.
func BuildMonth(tx *store.Tx, opts MonthOptions) ([]StaffMonth, error) {
	if opts.Location == nil {
		opts.Location = time.Local
	}
	members, err := staff.ListStaffTx(tx, staff.Filter{IncludeInactive: true})
	if err != nil {
		return nil, err
	}
	goLive, err := GoLiveTx(tx, opts.Location)
	if err != nil {
		return nil, err
	}
	first := time.Date(opts.Year, opts.Month, 1, 0, 0, 0, 0, opts.Location)
	from, to := first.Format(dateLayout), first.AddDate(0, 1, -1).Format(dateLayout)
	out := make([]StaffMonth, 0, len(members))
	for _, st := range members {
		if SpanOf(st, goLive, from, to).Empty() {
			continue
		}
		sm, err := buildStaffMonth(tx, st, goLive, opts)
		if err != nil {
			return nil, fmt.Errorf("month of %s %s: %w", st.StaffNo, st.Name, err)
		}
		out = append(out, sm)
	}
	return out, nil
}

// BuildMonthDB is BuildMonth in a read transaction of its own.
func BuildMonthDB(db *store.DB, opts MonthOptions) ([]StaffMonth, error) {
	return store.Read(db, func(tx *store.Tx) ([]StaffMonth, error) { return BuildMonth(tx, opts) })
}

// BuildStaffMonth builds and judges one staff member's month as
// BuildMonth does; found is false when the person is unknown. A month in
// which they were not judged at all (sm.Span.Empty: before go-live, before
// they joined, after they left) is built with every day excluded;
// BuildMonth leaves such people out.
func BuildStaffMonth(tx *store.Tx, staffID uint64, opts MonthOptions) (sm StaffMonth, found bool, err error) {
	if opts.Location == nil {
		opts.Location = time.Local
	}
	st, err := staff.GetStaffTx(tx, staffID)
	if errors.Is(err, staff.ErrNotFound) {
		return StaffMonth{}, false, nil
	}
	if err != nil {
		return StaffMonth{}, false, err
	}
	goLive, err := GoLiveTx(tx, opts.Location)
	if err != nil {
		return StaffMonth{}, false, err
	}
	sm, err = buildStaffMonth(tx, st, goLive, opts)
	if err != nil {
		return StaffMonth{}, false, fmt.Errorf("month of %s %s: %w", st.StaffNo, st.Name, err)
	}
	return sm, true, nil
}

// EndBefore leaves the working days from today on unjudged — they have
// not ended — and judges the month again when that changes a day: a month
// or a report period that is not over is judged up to yesterday.
func (sm *StaffMonth) EndBefore(today time.Time, p Preset) {
	changed := false
	for i := range sm.Days {
		if d := &sm.Days[i]; d.Working && !d.Date.Before(today) {
			d.Working, changed = false, true
		}
	}
	if changed {
		sm.Result = JudgeMonth(p, sm.Days)
	}
}

// PersonMonth is one person's month as the month page shows it.
type PersonMonth struct {
	StaffMonth
	Settings Settings // the rules it was judged by
	Found    bool     // false: the person is unknown, nothing is judged
}

// PersonMonth builds and judges staffID's month of year and month by the
// current rules, up to the day before today (midnight in the center's
// location); cal says which days are working days.
func (rs *Records) PersonMonth(staffID uint64, year int, month time.Month, today time.Time, cal WorkingDays) (PersonMonth, error) {
	return store.Read(rs.db, func(tx *store.Tx) (PersonMonth, error) {
		var pm PersonMonth
		var err error
		if pm.Settings, err = LoadSettings(tx); err != nil {
			return pm, err
		}
		pm.StaffMonth, pm.Found, err = BuildStaffMonth(tx, staffID, MonthOptions{Year: year, Month: month,
			Preset: pm.Settings.Preset, Location: rs.loc, Calendar: cal})
		if err != nil || !pm.Found {
			return pm, err
		}
		pm.EndBefore(today, pm.Settings.Preset)
		return pm, nil
	})
}

// monthInputs are one person's records of the month, before they are laid
// out by day.
type monthInputs struct {
	marks     []Mark
	covers    []Cover
	offPost   []OffPostEvent
	overstay  []Span
	uncovered []Uncovered
	remarks   []Remark
}

func buildStaffMonth(tx *store.Tx, st staff.Staff, goLive string, opts MonthOptions) (StaffMonth, error) {
	loc := opts.Location
	first := time.Date(opts.Year, opts.Month, 1, 0, 0, 0, 0, loc)
	next := first.AddDate(0, 1, 0)
	days, in, err := buildDays(tx, st, goLive, first, next, opts)
	if err != nil {
		return StaffMonth{}, err
	}
	return StaffMonth{Staff: st, Days: days, Result: JudgeMonth(opts.Preset, days), Remarks: in.remarks,
		Span: SpanOf(st, goLive, first.Format(dateLayout), next.AddDate(0, 0, -1).Format(dateLayout))}, nil
}

// buildDays gathers one person's records of first ≤ day < next and lays
// them out by day, marking the working days they are not judged on.
func buildDays(tx *store.Tx, st staff.Staff, goLive string, first, next time.Time, opts MonthOptions) ([]DayInput, monthInputs, error) {
	in, err := gatherMonth(tx, st.ID, first, next, opts)
	if err != nil {
		return nil, in, err
	}
	var days []DayInput
	for d := first; d.Before(next); d = d.AddDate(0, 0, 1) {
		end := d.AddDate(0, 0, 1)
		day := DayInput{Date: d, Working: opts.Calendar.IsWorkday(d)}
		if day.Working {
			day.Excluded = exclusion(st, goLive, d.Format(dateLayout))
		}
		for _, m := range in.marks {
			if !m.Time.Before(d) && m.Time.Before(end) {
				day.Punches = append(day.Punches, m)
			}
		}
		for _, c := range in.covers {
			if c.Start.Before(end) && !c.End.Before(d) {
				day.Covers = append(day.Covers, c)
			}
		}
		for _, ev := range in.offPost {
			if !ev.Start.Before(d) && ev.Start.Before(end) {
				day.OffPost = append(day.OffPost, ev)
			}
		}
		for _, o := range in.overstay {
			if o.Start.Before(end) && o.End.After(d) {
				day.Overstay = append(day.Overstay, o)
			}
		}
		for _, u := range in.uncovered {
			if !u.At.Before(d) && u.At.Before(end) {
				day.Uncovered = append(day.Uncovered, u)
			}
		}
		days = append(days, day)
	}
	return days, in, nil
}

// gatherMonth reads one person's records of first ≤ t < next.
func gatherMonth(tx *store.Tx, staffID uint64, first, next time.Time, opts MonthOptions) (monthInputs, error) {
	var in monthInputs
	punches, err := PunchesTx(tx, staffID, first, next)
	if err != nil {
		return in, err
	}
	for _, p := range punches {
		in.marks = append(in.marks, MarkOf(p))
	}
	fromDate, toDate := first.Format(dateLayout), next.Format(dateLayout)
	if err := in.addRemedies(tx, staffID, fromDate, toDate, opts); err != nil {
		return in, err
	}
	voided, err := in.addCorrections(tx, staffID, fromDate, toDate, opts)
	if err != nil {
		return in, err
	}
	errands, err := ErrandsTx(tx, staffID, first, next)
	if err != nil {
		return in, err
	}
	for _, e := range errands {
		in.covers = append(in.covers, e.Cover())
	}
	if err := in.addLeave(tx, staffID, first, next, opts); err != nil {
		return in, err
	}
	offPost, err := OffPostTx(tx, staffID, first, next)
	if err != nil {
		return in, err
	}
	for _, r := range offPost {
		if !voided[r.ID] {
			in.offPost = append(in.offPost, r.Event())
		}
	}
	return in, nil
}

// addRemedies adds the approved remedies as remedy-marked punches.
func (in *monthInputs) addRemedies(tx *store.Tx, staffID uint64, from, to string, opts MonthOptions) error {
	remedies, err := RemediesTx(tx, staffID, from, to)
	if err != nil {
		return err
	}
	n := 0
	for _, r := range remedies {
		if r.Status != StatusApproved {
			continue
		}
		m, ok := r.Mark(opts.Preset, opts.Location)
		if !ok {
			in.remarks = append(in.remarks, Remark{Key: remarkRemedyPoint, Args: map[string]any{"Date": r.Date, "Point": r.Point}})
			continue
		}
		in.marks = append(in.marks, m)
		n++
	}
	if n > 0 {
		in.remarks = append(in.remarks, Remark{Key: remarkRemedies, Args: map[string]any{"Count": n}})
	}
	return nil
}

// addCorrections adds accepted objections' on-time points as remedy-marked
// punches and returns the voided off-post records.
func (in *monthInputs) addCorrections(tx *store.Tx, staffID uint64, from, to string, opts MonthOptions) (map[uint64]bool, error) {
	corrections, err := CorrectionsTx(tx, staffID, from, to)
	if err != nil {
		return nil, err
	}
	voided := map[uint64]bool{}
	for _, c := range corrections {
		if c.Kind == CorrectionVoidOffPost {
			voided[c.OffPostID] = true
			continue
		}
		m, ok := Remedy{Date: c.Date, Point: c.Point}.Mark(opts.Preset, opts.Location)
		m.Correction = true
		if !ok {
			in.remarks = append(in.remarks, Remark{Key: remarkRemedyPoint, Args: map[string]any{"Date": c.Date, "Point": c.Point}})
			continue
		}
		in.marks = append(in.marks, m)
	}
	if len(corrections) > 0 {
		in.remarks = append(in.remarks, Remark{Key: remarkCorrections, Args: map[string]any{"Count": len(corrections)}})
	}
	return voided, nil
}

// leaveHalves is the whole leave's length in working half-days, counted as
// the judgement counts leave: a session of a working day is on leave when
// the leave spans both its due times.
func leaveHalves(p Preset, l leave.Leave, wd WorkingDays, loc *time.Location) HalfDays {
	var h HalfDays
	last := civilDay(l.End, loc)
	for d := civilDay(l.Start, loc); !d.After(last); d = d.AddDate(0, 0, 1) {
		if !wd.IsWorkday(d) {
			continue
		}
		for _, s := range p.Sessions {
			start, end := s.HoursOn(MonthDayOf(d))
			in, out := start.On(d), end.On(d)
			if !in.Before(l.Start) && !out.After(l.End) {
				h += HalfDays(s.Halves)
			}
		}
	}
	return h
}
