package attendance

import (
	"time"

	"bianmin/appliance/leave"
	"bianmin/appliance/store"
)

// Calendar is what leave measuring needs of the working-day calendar:
// which days are working days, which years have holiday data, and the
// center's location. *calendar.Calendar has these methods.
type Calendar interface {
	WorkingDays
	HasYear(year int) bool
	Location() *time.Location
}

// LeaveSchedule is the schedule leave is measured on (leave.Schedule):
// the rules' sessions, with their seasonal hours, on the calendar's
// working days.
type LeaveSchedule struct {
	Preset   Preset
	Calendar Calendar
}

// WorkingPeriods are the sessions of a working day; none on a day off.
func (s LeaveSchedule) WorkingPeriods(day time.Time) []leave.Period {
	day = civilDay(day, s.Calendar.Location())
	if !s.Calendar.IsWorkday(day) {
		return nil
	}
	out := make([]leave.Period, 0, len(s.Preset.Sessions))
	for _, ses := range s.Preset.Sessions {
		start, end := ses.HoursOn(MonthDayOf(day))
		out = append(out, leave.Period{Start: start.On(day), End: end.On(day)})
	}
	return out
}

// HasYear reports whether the calendar has the year's holiday notice.
func (s LeaveSchedule) HasYear(year int) bool { return s.Calendar.HasYear(year) }

// Location is the calendar's.
func (s LeaveSchedule) Location() *time.Location { return s.Calendar.Location() }

// LeaveScheduleFunc gives leave the schedule in force: the attendance
// settings' rules read in the transaction, on cal.
func LeaveScheduleFunc(cal Calendar) leave.ScheduleFunc {
	return func(tx *store.Tx) (leave.Schedule, error) {
		set, err := LoadSettings(tx)
		if err != nil {
			return nil, err
		}
		return LeaveSchedule{Preset: set.Preset, Calendar: cal}, nil
	}
}

// firstWorkingMoment is the first scheduled working instant at or after
// t and before end: t itself inside a session, else the next session's
// start. ok is false when the span holds no working time.
func firstWorkingMoment(s leave.Schedule, t, end time.Time) (time.Time, bool) {
	loc := s.Location()
	for d := civilDay(t, loc); d.Before(end); d = d.AddDate(0, 0, 1) {
		for _, p := range s.WorkingPeriods(d) {
			if p.End.After(t) && p.Start.Before(end) {
				if p.Start.After(t) {
					return p.Start, true
				}
				return t, true
			}
		}
	}
	return time.Time{}, false
}
