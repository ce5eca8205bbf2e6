package report

import (
	"slices"
	"time"

	"bianmin/appliance/attendance"
	"bianmin/appliance/leave"
)

// monthCounts are the counts of one judged month.
func monthCounts(r attendance.MonthResult) Counts {
	c := Counts{WorkingDays: r.WorkingDays, Late: r.Late, Early: r.Early, Missed: r.Missed, Absent: r.Absent, Errand: r.Errand}
	for t, h := range r.Leave {
		c.addLeave(t, h)
	}
	for _, d := range r.Days {
		c.OffPost += len(d.OffPost)
	}
	return c
}

// buildMonthly sums the month per person and per home unit.
func buildMonthly(month []attendance.StaffMonth, people map[uint64]Person) *MonthlySummary {
	m := &MonthlySummary{LeaveTypes: []string{}}
	var groups unitGroups
	lines := map[uint64]MonthLine{}
	for _, sm := range month {
		r := sm.Result
		line := MonthLine{Person: personOf(sm, people), Counts: monthCounts(r),
			SessionAbsent: r.SessionAbsent, OffPostAbsent: r.OffPostAbsent,
			LateEarlyAbsent: r.LateEarlyAbsent, MissedAbsent: r.MissedAbsent}
		line.Remarks = append(slices.Clone(r.Remarks), sm.Remarks...)
		line.Partial = partialOf(sm.Span)
		lines[line.StaffID] = line
		groups.add(line.Person)
	}
	for _, uid := range groups.order {
		u := UnitMonth{UnitID: uid, Unit: groups.names[uid]}
		for _, id := range groups.staff[uid] {
			u.Staff = append(u.Staff, lines[id])
			u.Total.Add(lines[id].Counts)
		}
		m.Total.Add(u.Total)
		m.Units = append(m.Units, u)
	}
	m.LeaveTypes = leaveTypesOf(m.Total)
	return m
}

// leaveTypesOf lists the leave types with any leave in c, in leave.Types
// order, then any type this build does not know, by name.
func leaveTypesOf(c Counts) []string {
	out, unknown := []string{}, []string{}
	for _, t := range leave.Types() {
		if c.Leave[string(t)] > 0 {
			out = append(out, string(t))
		}
	}
	for t, h := range c.Leave {
		if h > 0 && !leave.Type(t).Valid() {
			unknown = append(unknown, t)
		}
	}
	slices.Sort(unknown)
	return append(out, unknown...)
}

// Flag keys of the quarterly result.
const (
	flagAbsent    = "report.flag.absent"
	flagLateEarly = "report.flag.late_early"
)

// buildQuarterly puts each person's months side by side and flags them by
// the rules.
func buildQuarterly(p Period, months [][]attendance.StaffMonth, people map[uint64]Person, rules FlagRules, goLive string) *QuarterlyResult {
	q := &QuarterlyResult{Rules: rules}
	var groups unitGroups
	lines := map[uint64]*QuarterLine{}
	for i, m := range p.Months() {
		q.Months = append(q.Months, m.Format("2006-01"))
		q.MonthDays = append(q.MonthDays, 0)
		for _, sm := range months[i] {
			line := lines[sm.Staff.ID]
			if line == nil {
				span := attendance.SpanOf(sm.Staff, goLive, p.Start.Format(dateLayout), p.Last().Format(dateLayout))
				line = &QuarterLine{Person: personOf(sm, people), Months: make([]Counts, len(months)), Partial: partialOf(span)}
				lines[sm.Staff.ID] = line
				groups.add(line.Person)
			}
			line.Months[i] = monthCounts(sm.Result)
			q.MonthDays[i] = max(q.MonthDays[i], sm.Result.WorkingDays)
		}
	}
	for _, uid := range groups.order {
		ut := UnitTotal{UnitID: uid, Unit: groups.names[uid]}
		for _, id := range groups.staff[uid] {
			line := lines[id]
			for _, c := range line.Months {
				line.Total.Add(c)
			}
			line.Flags = flags(*line, q.Months, rules)
			if len(line.Flags) > 0 {
				q.Flagged++
			}
			ut.People++
			ut.Counts.Add(line.Total)
			q.Staff = append(q.Staff, *line)
		}
		q.QuarterSums.Add(ut.Counts)
		q.UnitTotals = append(q.UnitTotals, ut)
	}
	return q
}

// flags are the reasons the rules flag a person's quarter.
func flags(l QuarterLine, months []string, rules FlagRules) []Remark {
	var out []Remark
	if rules.AnyAbsence && l.Total.Absent > 0 {
		out = append(out, Remark{Key: flagAbsent, Args: map[string]any{"Days": l.Total.Absent.String()}})
	}
	for i, c := range l.Months {
		if n := c.Late + c.Early; rules.LateEarlyPerMonth > 0 && n >= rules.LateEarlyPerMonth {
			month, _ := time.Parse("2006-01", months[i])
			out = append(out, Remark{Key: flagLateEarly, Args: map[string]any{"Month": months[i], "MonthNum": int(month.Month()),
				"MonthName": month.Month().String(), "N": n, "AtLeast": rules.LateEarlyPerMonth}})
		}
	}
	return out
}
