package attendance

import "slices"

// JudgeMonth judges one staff member's month under the preset, which must
// be valid: each day, then the monthly escalations — late+early and missed
// punches reaching a step of the preset's escalations count absence once,
// at the highest step reached. Leave is counted on working days only.
func JudgeMonth(p Preset, days []DayInput) MonthResult {
	m := MonthResult{Preset: p.Key, Days: make([]DayResult, 0, len(days)), Leave: map[string]HalfDays{}}
	for _, in := range days {
		m.Days = append(m.Days, JudgeDay(p, in))
	}
	slices.SortStableFunc(m.Days, func(a, b DayResult) int { return a.Date.Compare(b.Date) })
	for _, d := range m.Days {
		if d.Status != DayJudged {
			continue
		}
		m.WorkingDays++
		m.Late += d.Late
		m.Early += d.Early
		m.Missed += d.Missed
		m.SessionAbsent += d.Absent
		m.OffPostAbsent += d.OffPostAbsent
		m.UncoveredAbsent += d.UncoveredAbsent
		m.Errand += d.Errand
		for lt, h := range d.Leave {
			m.Leave[lt] += h
		}
		for _, op := range d.OffPost {
			if op.Absent > 0 {
				m.Remarks = append(m.Remarks, op.Remark)
			}
		}
	}
	var r Remark
	if m.LateEarlyAbsent, r = escalate(p.LateEarlyEscalation, m.Late+m.Early, "attendance.remark.late_early_escalation"); m.LateEarlyAbsent > 0 {
		m.Remarks = append(m.Remarks, r)
	}
	if m.MissedAbsent, r = escalate(p.MissedEscalation, m.Missed, "attendance.remark.missed_escalation"); m.MissedAbsent > 0 {
		m.Remarks = append(m.Remarks, r)
	}
	m.Absent = m.SessionAbsent + m.OffPostAbsent + m.LateEarlyAbsent + m.MissedAbsent + m.UncoveredAbsent
	return m
}

// escalate returns the absence of the highest step that n reaches, with its
// remark; 0 when no step is reached.
func escalate(steps []Escalation, n int, key string) (HalfDays, Remark) {
	var best *Escalation
	for i := range steps {
		if n >= steps[i].AtLeast && (best == nil || steps[i].AtLeast > best.AtLeast) {
			best = &steps[i]
		}
	}
	if best == nil {
		return 0, Remark{}
	}
	h := HalfDays(best.AbsenceHalves)
	return h, Remark{Key: key, Args: map[string]any{"N": n, "AtLeast": best.AtLeast, "Days": h.String()}}
}
