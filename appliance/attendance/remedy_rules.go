package attendance

// The rules a remedy (补签) is checked by, each in one function that the
// request, the decision and the pages call: the day must be judged and a
// working day, the request must come in time, and the point must have no
// punch of its own.

import (
	"time"

	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// checkRemedyDay checks the day and the point of r for st: judged that day,
// a working day, within the settings' RemedyDays working days, and a point
// with no punch and no leave or errand covering it.
func checkRemedyDay(tx *store.Tx, st staff.Staff, r Remedy, set Settings, loc *time.Location, cal WorkingDays) error {
	if err := checkJudgedDay(tx, st, r.Date, loc); err != nil {
		return err
	}
	day := civilMidnight(r.Date, loc)
	if !cal.IsWorkday(day) {
		return refuse("date", keyRemedyNotWorkday, map[string]any{"Date": r.Date})
	}
	if deadline, open := set.RemedyOpen(day, civilDay(tx.Now(), loc), cal); !open {
		return refuse("date", keyRemedyTooLate, map[string]any{"Date": r.Date, "Days": set.RemedyDays,
			"Deadline": deadline.Format(dateLayout)})
	}
	state, err := pointStateTx(tx, st, r, set, loc, cal)
	if err != nil {
		return err
	}
	return state.refusal(r, loc)
}

// Remediable reports whether a remedy may be asked for the point as
// judged: it has no punch of its own (a late or early punch is corrected
// by an objection instead; a missing punch a preset counts as late or
// early has none) and no leave or errand covers it.
func (pt PointResult) Remediable() bool {
	return pt.Punch == nil && (pt.Status == PointMissing || pt.Status == PointLate || pt.Status == PointEarly)
}

// RemedyOpen reports whether a remedy for day may still be asked for
// today (both midnights in the center's location), with the last day it
// may: the settings' RemedyDays working days after day.
func (s Settings) RemedyOpen(day, today time.Time, cal WorkingDays) (deadline time.Time, open bool) {
	deadline, ok := RemedyDeadline(day, s.RemedyDays, cal)
	return deadline, ok && !today.After(deadline)
}

// RemedyDeadline is the last day a remedy for day may be asked for: the
// days-th working day after it (day itself when days is 0). ok is false
// when no such working day is found within a year (a calendar of holidays
// only).
func RemedyDeadline(day time.Time, days int, cal WorkingDays) (time.Time, bool) {
	d := day
	for n, tries := 0, 0; n < days; tries++ {
		if tries > 366 {
			return d, false
		}
		d = d.AddDate(0, 0, 1)
		if cal.IsWorkday(d) {
			n++
		}
	}
	return d, true
}

// PointState is what the judgement makes of the point a remedy names, on
// the day as it stands: its verdict and the punch it holds.
type PointState struct {
	Judged bool        // the day is judged (a working day the person serves)
	Found  bool        // the point is one of the day's points
	Status PointStatus // ok, late, early, missing, covered_leave, …
	Punch  *Mark       // the punch the point holds, if any
	// Used: a remedy at a time (not a point) would fill a point that has
	// no punch.
	Used bool
}

// pointStateTx judges st's day of r and finds r's point (or, for a remedy
// at a time, whether the time would fill a point with no punch).
func pointStateTx(tx *store.Tx, st staff.Staff, r Remedy, set Settings, loc *time.Location, cal WorkingDays) (PointState, error) {
	goLive, err := GoLiveTx(tx, loc)
	if err != nil {
		return PointState{}, err
	}
	day := civilMidnight(r.Date, loc)
	opts := MonthOptions{Preset: set.Preset, Location: loc, Calendar: cal}
	days, _, err := buildDays(tx, st, goLive, day, day.AddDate(0, 0, 1), opts)
	if err != nil || len(days) == 0 {
		return PointState{}, err
	}
	in := days[0]
	var s PointState
	if r.Point == "" {
		m, _ := r.Mark(set.Preset, loc)
		in.Punches = append(in.Punches, m)
		res := JudgeDay(set.Preset, in)
		s.Judged = res.Status == DayJudged
		for _, pt := range res.Points {
			if pt.Punch != nil && pt.Punch.Remedy && pt.Punch.Time.Equal(m.Time) {
				s.Used, s.Found = true, true
			}
		}
		return s, nil
	}
	res := JudgeDay(set.Preset, in)
	s.Judged = res.Status == DayJudged
	for _, pt := range res.Points {
		if pt.Key == r.Point {
			s.Found, s.Status, s.Punch = true, pt.Status, pt.Punch
		}
	}
	return s, nil
}

// refusal is why the point cannot be remedied, or nil: it holds a punch
// (a late or early one is corrected by an objection, regulation 004 五、2
// counts it as late or early), or leave or an errand covers it.
func (s PointState) refusal(r Remedy, loc *time.Location) error {
	switch {
	case !s.Judged:
		return nil // the day checks refuse first
	case r.Point == "" && !s.Used:
		return refuse("point", keyRemedyTimeTaken, map[string]any{"Time": r.Time.In(loc).Format("15:04"), "Date": r.Date})
	case r.Point == "":
		return nil
	case s.Punch != nil && s.Status == PointLate:
		return refuse("point", keyRemedyLate, map[string]any{"Point": r.Point, "Date": r.Date, "Time": s.Punch.Time.In(loc).Format("15:04")})
	case s.Punch != nil && s.Status == PointEarly:
		return refuse("point", keyRemedyEarly, map[string]any{"Point": r.Point, "Date": r.Date, "Time": s.Punch.Time.In(loc).Format("15:04")})
	case s.Punch != nil:
		return refuse("point", keyRemedyPunched, map[string]any{"Point": r.Point, "Date": r.Date,
			"Time": s.Punch.Time.In(loc).Format("15:04"), "Remedy": s.Punch.Remedy})
	case s.Status == PointCoveredLeave || s.Status == PointCoveredErrand:
		return refuse("point", keyRemedyCovered, map[string]any{"Point": r.Point, "Date": r.Date, "Status": string(s.Status)})
	}
	return nil
}

// checkStillMissing refuses to approve a remedy whose point has got a
// punch of its own since it was asked for.
func checkStillMissing(tx *store.Tx, r Remedy, loc *time.Location, cal WorkingDays) error {
	set, err := LoadSettings(tx)
	if err != nil {
		return err
	}
	st, err := staffOf(tx, r.StaffID)
	if err != nil {
		return err
	}
	s, err := pointStateTx(tx, st, r, set, loc, cal)
	if err != nil {
		return err
	}
	if s.Punch != nil && !s.Punch.Remedy || r.Point == "" && s.Judged && !s.Used {
		return s.refusal(r, loc)
	}
	return nil
}

// RemedyPointState is what the decision list shows beside a pending
// remedy: the point as it stands.
func RemedyPointState(tx *store.Tx, r Remedy, loc *time.Location, cal WorkingDays) (PointState, error) {
	set, err := LoadSettings(tx)
	if err != nil {
		return PointState{}, err
	}
	st, err := staffOf(tx, r.StaffID)
	if err != nil {
		return PointState{}, err
	}
	return pointStateTx(tx, st, r, set, loc, cal)
}

// civilMidnight is a stored civil date (already checked) at midnight in loc.
func civilMidnight(date string, loc *time.Location) time.Time {
	t, _ := time.ParseInLocation(dateLayout, date, loc)
	return t
}
