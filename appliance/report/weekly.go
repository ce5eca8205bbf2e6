package report

import (
	"bianmin/appliance/attendance"
)

// buildWeekly lays the week's judged days out per person, with the facts
// behind each count. The months' escalations do not belong to a week and
// are left to the monthly summary.
func buildWeekly(p Period, months [][]attendance.StaffMonth, people map[uint64]Person, cal Calendar, goLive string) *WeeklyNotice {
	w := &WeeklyNotice{}
	for d := p.Start; d.Before(p.End); d = d.AddDate(0, 0, 1) {
		w.Days = append(w.Days, cal.Day(d))
	}
	var groups unitGroups
	byStaff := map[uint64]*StaffWeek{}
	for _, month := range months {
		for _, sm := range month {
			sw := byStaff[sm.Staff.ID]
			if sw == nil {
				span := attendance.SpanOf(sm.Staff, goLive, p.Start.Format(dateLayout), p.Last().Format(dateLayout))
				if span.Empty() {
					continue // served on none of the week's days
				}
				sw = &StaffWeek{Person: personOf(sm, people), Partial: partialOf(span)}
				byStaff[sm.Staff.ID] = sw
				groups.add(sw.Person)
			}
			for _, d := range sm.Result.Days {
				if d.Status != attendance.DayJudged || !p.Contains(d.Date) {
					continue
				}
				c, details := dayDetails(d, cal)
				sw.Counts.Add(c)
				sw.Details = append(sw.Details, details...)
			}
		}
	}
	for _, uid := range groups.order {
		u := UnitWeek{UnitID: uid, Unit: groups.names[uid]}
		for _, id := range groups.staff[uid] {
			sw := byStaff[id]
			u.Staff = append(u.Staff, *sw)
			u.Total.Add(sw.Counts)
			if !sw.Counts.Clean() {
				w.Named++
			}
		}
		w.Total.Add(u.Total)
		w.Units = append(w.Units, u)
	}
	return w
}

// dayDetails counts one judged day and lists the facts behind the counts:
// late and early punches, missed punches, sessions of absence, off-post
// events, and leave.
func dayDetails(d attendance.DayResult, cal Calendar) (Counts, []Detail) {
	day := cal.Day(d.Date)
	c := Counts{WorkingDays: 1, Late: d.Late, Early: d.Early, Missed: d.Missed,
		OffPost: len(d.OffPost), Absent: d.Absent + d.OffPostAbsent, Errand: d.Errand}
	for t, h := range d.Leave {
		c.addLeave(t, h)
	}
	var out []Detail
	for _, pt := range d.Points {
		kind := DetailLate
		switch pt.Status {
		case attendance.PointLate:
		case attendance.PointEarly:
			kind = DetailEarly
		default:
			continue
		}
		det := Detail{Day: day, Kind: kind, Point: pt.Key, Session: pt.Session, Due: pt.Due.String(), Minutes: pt.Minutes, Remark: pt.Remark}
		if pt.Punch != nil {
			det.Time = attendance.ClockOf(pt.Punch.Time.In(d.Date.Location())).String()
		}
		out = append(out, det)
	}
	for _, s := range d.Sessions {
		det := Detail{Day: day, Session: s.Key, Remark: s.Remark}
		switch s.Status {
		case attendance.SessionMissedOne:
			det.Kind = DetailMissed
			for _, pt := range d.Points {
				if pt.Session == s.Key && pt.Status == attendance.PointMissing {
					det.Point, det.Due = pt.Key, pt.Due.String()
				}
			}
		case attendance.SessionAbsent:
			det.Kind, det.Halves = DetailAbsent, s.Halves
		case attendance.SessionLeave:
			det.Kind, det.Halves, det.LeaveType = DetailLeave, s.LeaveHalves, s.LeaveType
		default:
			continue
		}
		out = append(out, det)
	}
	for _, op := range d.OffPost {
		out = append(out, Detail{Day: day, Kind: DetailOffPost, Minutes: op.Minutes, Halves: op.Absent, Remark: op.Remark,
			Time: attendance.ClockOf(op.Start.In(d.Date.Location())).String()})
	}
	return c, out
}
