package attendance

// Leave in the month builder: only approved leave covers (pending,
// rejected and withdrawn leave never does), up to the return recorded at
// 销假; the time past its end up to a late return is overstay (超假); a
// departure before the substitute punched in is absence (JudgeHandover).

import (
	"time"

	"bianmin/appliance/leave"
	"bianmin/appliance/store"
)

// addLeave adds the person's approved leave of first ≤ t < next as covers,
// its overstay spans, and the judged handovers of leave with a substitute
// that begins in the month.
func (in *monthInputs) addLeave(tx *store.Tx, staffID uint64, first, next time.Time, opts MonthOptions) error {
	loc := opts.Location
	leaves, err := leave.ApprovedTx(tx, staffID, first, next)
	if err != nil {
		return err
	}
	var rules *leave.Rules
	for _, l := range leaves {
		days := l.Length.WorkingDays
		if l.Length.Minutes == 0 {
			days = leaveHalves(opts.Preset, l, opts.Calendar, loc).Days()
		}
		t := l.CountsAs(days)
		if t != l.Type {
			in.remarks = append(in.remarks, Remark{Key: remarkSickAsPersonal, Args: map[string]any{
				"Start": l.Start.In(loc).Format("2006-01-02 15:04"), "End": l.End.In(loc).Format("2006-01-02 15:04"), "Days": HalfDays(days * 2).String()}})
		}
		in.covers = append(in.covers, Cover{Start: l.Start, End: l.CoverEnd(), Kind: CoverLeave, LeaveType: string(t)})
		if l.OverstayMinutes > 0 {
			in.overstay = append(in.overstay, Span{Start: l.End, End: l.ReturnedAt})
		}
		if l.SubstituteID == 0 {
			continue
		}
		if rules == nil {
			r, err := leave.LoadRulesTx(tx)
			if err != nil {
				return err
			}
			rules = &r
		}
		h, ok, err := handoverOf(tx, l, opts, in.marks, monthEnd(opts, next), rules.UncoveredAbsenceHalves)
		if err != nil {
			return err
		}
		if ok && h.Absent > 0 && !h.From.Before(first) && h.From.Before(next) {
			in.uncovered = append(in.uncovered, Uncovered{At: h.From, Halves: h.Absent, Remark: h.Remark})
		}
	}
	return nil
}

// monthEnd is the judgement's "now": the options' Now, else the end of
// the month (every window of a past month has ended).
func monthEnd(opts MonthOptions, next time.Time) time.Time {
	if !opts.Now.IsZero() {
		return opts.Now
	}
	return next
}

// handoverOf judges the handover of l from the leaver's marks and the
// substitute's punches of the leave's first working day; ok is false when
// the leave holds no working time.
func handoverOf(tx *store.Tx, l leave.Leave, opts MonthOptions, leaverMarks []Mark, now time.Time, absentHalves int) (Handover, bool, error) {
	sch := monthSchedule{preset: opts.Preset, days: opts.Calendar, loc: opts.Location}
	start, ok := firstWorkingMoment(sch, l.Start, l.End)
	if !ok {
		return Handover{}, false, nil
	}
	day := civilDay(start, opts.Location)
	punches, err := PunchesTx(tx, l.SubstituteID, day, day.AddDate(0, 0, 1))
	if err != nil {
		return Handover{}, false, err
	}
	sub := make([]Mark, len(punches))
	for i, p := range punches {
		sub[i] = MarkOf(p)
	}
	return JudgeHandover(opts.Preset, l, start.In(opts.Location), leaverMarks, sub, now, absentHalves), true, nil
}

// monthSchedule is the month's rules on its working days, as a
// leave.Schedule (the month builder knows no holiday years).
type monthSchedule struct {
	preset Preset
	days   WorkingDays
	loc    *time.Location
}

func (s monthSchedule) WorkingPeriods(day time.Time) []leave.Period {
	return LeaveSchedule{Preset: s.preset, Calendar: calendarOf{s.days, s.loc}}.WorkingPeriods(day)
}
func (s monthSchedule) HasYear(int) bool         { return true }
func (s monthSchedule) Location() *time.Location { return s.loc }

// calendarOf gives WorkingDays a location and no holiday years.
type calendarOf struct {
	WorkingDays
	loc *time.Location
}

func (c calendarOf) HasYear(int) bool         { return true }
func (c calendarOf) Location() *time.Location { return c.loc }
