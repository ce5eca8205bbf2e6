package leave

import (
	"math"
	"slices"
	"time"
)

// Period is a stretch of scheduled working time on one day (a session).
type Period struct{ Start, End time.Time }

// Schedule says when the center works: the working-day calendar (public
// holidays, 调休) and the attendance rules' sessions with their seasonal
// hours. attendance.LeaveSchedule is the one the appliance uses; this
// package cannot import attendance (attendance imports leave).
type Schedule interface {
	// WorkingPeriods returns the scheduled working periods of the civil
	// day that starts at day (midnight in Location), in time order; none
	// on a day off.
	WorkingPeriods(day time.Time) []Period
	// HasYear reports whether the calendar has the year's holiday notice;
	// a year without one is counted Monday to Friday.
	HasYear(year int) bool
	// Location is the center's time zone.
	Location() *time.Location
}

// Length is how much scheduled working time a span of leave takes: only
// working time inside it counts, weekends and holidays do not.
type Length struct {
	// Minutes of scheduled working time inside the span.
	Minutes int `json:"minutes"`
	// Days: each day's covered minutes over that day's scheduled minutes,
	// summed (a whole working day is 1, its morning 0.5 when the sessions
	// are equal).
	Days float64 `json:"days"`
	// WorkingDays is Days rounded up to the half day (a half-day touched
	// counts, as attendance counts in half-days): what the quota, the
	// command line and the pages show.
	WorkingDays float64 `json:"working_days"`
	// UnknownYears are the years of the span without holiday data, counted
	// Monday to Friday: a warning, never a refusal.
	UnknownYears []int `json:"unknown_years,omitempty"`
}

// Hours is Minutes in hours.
func (l Length) Hours() float64 { return float64(l.Minutes) / 60 }

// Measure is the length of start ≤ t < end on the schedule.
func Measure(s Schedule, start, end time.Time) Length {
	var out Length
	if !end.After(start) {
		return out
	}
	loc := s.Location()
	last := dayStart(end.Add(-time.Nanosecond), loc)
	for d := dayStart(start, loc); !d.After(last); d = d.AddDate(0, 0, 1) {
		if y := d.Year(); !s.HasYear(y) && !slices.Contains(out.UnknownYears, y) {
			out.UnknownYears = append(out.UnknownYears, y)
		}
		var total, covered time.Duration
		for _, p := range s.WorkingPeriods(d) {
			total += p.End.Sub(p.Start)
			if from, to := later(p.Start, start), earlier(p.End, end); to.After(from) {
				covered += to.Sub(from)
			}
		}
		if total > 0 && covered > 0 {
			out.Minutes += int(covered / time.Minute)
			out.Days += float64(covered) / float64(total)
		}
	}
	out.Days = math.Round(out.Days/epsilon) * epsilon
	out.WorkingDays = roundHalf(out.Days)
	return out
}

// dayStart is midnight at the start of t's date in loc.
func dayStart(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
