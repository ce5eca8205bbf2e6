package attendance

import (
	"slices"
	"time"
)

// dateFormat writes dates in remarks.
const dateFormat = "2006-01-02"

// sessionWindow is a session's hours on one day and the times that split
// the day's punches between its points: a punch in [inFrom, mid) may be the
// in-punch (the earliest wins), a punch in [mid, outTo) the out-punch (the
// latest wins). Windows meet at the middle of each session and of each
// break, so together they cover the whole day.
type sessionWindow struct {
	session            Session
	start, end         ClockTime
	inFrom, mid, outTo ClockTime
	inMark, outMark    int // index into the day's marks, or -1
}

// windowsOn lays out the preset's sessions on a day of the year.
func windowsOn(p Preset, md MonthDay) []sessionWindow {
	ws := make([]sessionWindow, len(p.Sessions))
	for i, s := range p.Sessions {
		start, end := s.HoursOn(md)
		ws[i] = sessionWindow{session: s, start: start, end: end, mid: (start + end) / 2, outTo: secondsPerDay, inMark: -1, outMark: -1}
		if i > 0 {
			gap := (ws[i-1].end + start) / 2 // the middle of the break
			ws[i-1].outTo, ws[i].inFrom = gap, gap
		}
	}
	return ws
}

// assignMarks gives each point its punch: the earliest in an in-window,
// the latest in an out-window. Punches and corrections go first; approved
// remedies then fill only the points still without a punch. It returns
// the marks no point took.
func assignMarks(ws []sessionWindow, marks []Mark, day time.Time) []Mark {
	var extra []Mark
	taken := make([]bool, len(marks))
	dy, dm, dd := day.Date()
	for _, remedies := range []bool{false, true} {
		for i, m := range marks {
			t := m.Time.In(day.Location())
			if y, mo, d := t.Date(); y != dy || mo != dm || d != dd || m.fillsOnly() != remedies {
				continue // another day's punch: shown as extra
			}
			c := ClockOf(t)
			for w := range ws {
				switch {
				case c >= ws[w].inFrom && c < ws[w].mid && ws[w].inMark < 0:
					ws[w].inMark = i
				case c >= ws[w].mid && c < ws[w].outTo && (!remedies || ws[w].outMark < 0):
					ws[w].outMark = i // marks are in time order: the last one stays
				}
			}
		}
	}
	for _, w := range ws {
		for _, i := range []int{w.inMark, w.outMark} {
			if i >= 0 {
				taken[i] = true
			}
		}
	}
	for i, m := range marks {
		if !taken[i] {
			extra = append(extra, m)
		}
	}
	return extra
}

// JudgeDay judges one staff member's day under the preset, which must be
// valid. A day that is not a working day is not judged: its punches are
// listed and nothing else.
func JudgeDay(p Preset, in DayInput) DayResult {
	loc := in.Date.Location()
	y, mo, d := in.Date.Date()
	day := time.Date(y, mo, d, 0, 0, 0, 0, loc)
	marks := slices.Clone(in.Punches)
	slices.SortStableFunc(marks, func(a, b Mark) int { return a.Time.Compare(b.Time) })
	res := DayResult{Date: day, Punches: marks}
	switch {
	case !in.Working:
		res.Status = DayNotJudged
		res.Remarks = []Remark{{Key: "attendance.remark.not_judged", Args: map[string]any{"Date": day.Format(dateFormat), "Count": len(marks)}}}
		return res
	case in.Excluded != "":
		res.Status, res.Excluded = DayNotJudged, in.Excluded
		res.Remarks = []Remark{{Key: "attendance.remark.excluded_" + string(in.Excluded), Args: map[string]any{"Date": day.Format(dateFormat), "Count": len(marks)}}}
		return res
	}
	res.Status = DayJudged
	ws := windowsOn(p, MonthDayOf(day))
	res.Extra = assignMarks(ws, marks, day)
	for _, w := range ws {
		inPt := judgePoint(p, w, true, markAt(marks, w.inMark), in.Covers, day)
		outPt := judgePoint(p, w, false, markAt(marks, w.outMark), in.Covers, day)
		sr := judgeSession(p, w, &inPt, &outPt)
		for _, part := range coveredParts(w, in.Covers, day) {
			res.addCovered(&sr, part)
		}
		res.Points = append(res.Points, inPt, outPt)
		res.Sessions = append(res.Sessions, sr)
		res.add(sr, inPt, outPt)
	}
	res.markOverstay(in.Overstay)
	for _, u := range in.Uncovered {
		res.addUncovered(ws, u, day)
	}
	for _, ev := range in.OffPost {
		if coveredByLeave(in.Covers, ev.Start) {
			continue // off the post on approved leave is not 脱岗
		}
		op := judgeOffPost(p, ev, day)
		res.OffPost = append(res.OffPost, op)
		res.OffPostAbsent += op.Absent
	}
	return res
}

func markAt(marks []Mark, i int) *Mark {
	if i < 0 {
		return nil
	}
	m := marks[i]
	return &m
}

// add counts a judged session and its points into the day.
func (r *DayResult) add(sr SessionResult, pts ...PointResult) {
	for _, pt := range pts {
		switch pt.Status {
		case PointLate:
			r.Late++
		case PointEarly:
			r.Early++
		}
	}
	switch sr.Status {
	case SessionMissedOne:
		r.Missed++
	case SessionAbsent:
		r.Absent += sr.Halves
	}
}

// addCovered counts one covered half-day into the session and the day.
func (r *DayResult) addCovered(sr *SessionResult, c Cover) {
	if c.Kind != CoverLeave {
		sr.ErrandHalves++
		r.Errand++
		return
	}
	sr.LeaveHalves++
	if sr.LeaveType == "" {
		sr.LeaveType = c.LeaveType
	}
	if r.Leave == nil {
		r.Leave = map[string]HalfDays{}
	}
	r.Leave[c.LeaveType]++
}

// coveredParts cuts a session worth n half-days into n equal parts (a
// whole-day session: up to and from its middle) and returns, for each part
// whose start and end both lie in covers, the cover that counts it: leave
// when either end is on leave, else the errand.
func coveredParts(w sessionWindow, covers []Cover, day time.Time) []Cover {
	var out []Cover
	n := ClockTime(w.session.Halves)
	for i := ClockTime(0); i < n; i++ {
		from, to := w.start+(w.end-w.start)*i/n, w.start+(w.end-w.start)*(i+1)/n
		a, okA := coverAt(covers, from.On(day))
		b, okB := coverAt(covers, to.On(day))
		switch {
		case !okA || !okB:
		case a.Kind == CoverLeave || b.Kind != CoverLeave:
			out = append(out, a)
		default:
			out = append(out, b)
		}
	}
	return out
}

// pointKey names a punch point: "morning_in", "day_out".
func pointKey(session string, in bool) string {
	if in {
		return session + "_in"
	}
	return session + "_out"
}

// coverAt returns the cover of the instant, leave before errand.
func coverAt(covers []Cover, t time.Time) (Cover, bool) {
	var found Cover
	ok := false
	for _, c := range covers {
		if c.includes(t) && (!ok || found.Kind != CoverLeave && c.Kind == CoverLeave) {
			found, ok = c, true
		}
	}
	return found, ok
}

// judgePoint judges one punch point on its own; judgeSession may turn a
// missing punch into late or early.
func judgePoint(p Preset, w sessionWindow, in bool, m *Mark, covers []Cover, day time.Time) PointResult {
	due := w.end
	if in {
		due = w.start
	}
	pt := PointResult{Key: pointKey(w.session.Key, in), Session: w.session.Key, In: in, Due: due, Punch: m}
	if c, ok := coverAt(covers, due.On(day)); ok {
		pt.Status, pt.Remark = PointCoveredErrand, Remark{Key: "attendance.remark.covered_errand", Args: map[string]any{"Due": due.String()}}
		if c.Kind == CoverLeave {
			pt.Status, pt.LeaveType = PointCoveredLeave, c.LeaveType
			pt.Remark = Remark{Key: "attendance.remark.covered_leave", Args: map[string]any{"Due": due.String()}}
		}
		return pt
	}
	if m == nil {
		pt.Status, pt.Remark = PointMissing, Remark{Key: "attendance.remark.missing", Args: map[string]any{"Due": due.String()}}
		return pt
	}
	at := ClockOf(m.Time.In(day.Location()))
	grace, off, offKey, graceKey := p.EarlyGraceMinutes, PointEarly, "attendance.remark.early", "attendance.remark.early_within_grace"
	pt.Minutes = minutesEarly(at, due)
	if in {
		grace, off, offKey, graceKey = p.LateGraceMinutes, PointLate, "attendance.remark.late", "attendance.remark.late_within_grace"
		pt.Minutes = minutesLate(at, due)
	}
	args := map[string]any{"Time": at.String(), "Due": due.String(), "Minutes": pt.Minutes, "Grace": grace}
	switch {
	case pt.Minutes > grace:
		pt.Status, pt.Remark = off, Remark{Key: offKey, Args: args}
	case m.Remedy:
		pt.Status, pt.Remark = PointRemedied, Remark{Key: "attendance.remark.remedied", Args: args}
	case pt.Minutes > 0:
		pt.Status, pt.Remark = PointOK, Remark{Key: graceKey, Args: args}
	default:
		pt.Status, pt.Remark = PointOK, Remark{Key: "attendance.remark.on_time", Args: args}
	}
	return pt
}

// minutesLate counts whole minutes after due: 08:30:59 is 0 minutes after
// 08:30, 08:31:00 is 1.
func minutesLate(at, due ClockTime) int {
	if at <= due {
		return 0
	}
	return int(at-due) / 60
}

// minutesEarly counts started minutes before due: 11:59:59 is 1 minute
// before 12:00, 12:00:00 is 0.
func minutesEarly(at, due ClockTime) int {
	if at >= due {
		return 0
	}
	return (int(due-at) + 59) / 60
}

// judgeSession judges a session from its two points. Under
// MissingIsLateEarly it turns one missing point into late or early.
func judgeSession(p Preset, w sessionWindow, in, out *PointResult) SessionResult {
	sr := SessionResult{Key: w.session.Key, Start: w.start, End: w.end, Halves: HalfDays(w.session.Halves)}
	days := map[string]any{"Days": sr.Halves.String(), "Start": w.start.String(), "End": w.end.String()}
	covered := func(pt *PointResult) bool { return pt.Status == PointCoveredLeave || pt.Status == PointCoveredErrand }
	switch {
	case covered(in) && covered(out):
		sr.Status, sr.Remark = SessionErrand, Remark{Key: "attendance.remark.session_errand", Args: days}
		if in.Status == PointCoveredLeave || out.Status == PointCoveredLeave {
			sr.Status, sr.Remark = SessionLeave, Remark{Key: "attendance.remark.session_leave", Args: days}
		}
	case in.Status == PointMissing && out.Status == PointMissing:
		sr.Status, sr.Remark = SessionAbsent, Remark{Key: "attendance.remark.session_absent", Args: days}
	case (in.Status == PointMissing || out.Status == PointMissing) && p.MissingPunch == MissingIsLateEarly:
		sr.Status, sr.Remark = SessionOK, Remark{Key: "attendance.remark.session_ok", Args: days}
		if in.Status == PointMissing {
			in.Status, in.Remark.Key = PointLate, "attendance.remark.missing_in_as_late"
		} else {
			out.Status, out.Remark.Key = PointEarly, "attendance.remark.missing_out_as_early"
		}
	case in.Status == PointMissing || out.Status == PointMissing:
		sr.Status, sr.Remark = SessionMissedOne, Remark{Key: "attendance.remark.session_missed_one", Args: days}
	default:
		sr.Status, sr.Remark = SessionOK, Remark{Key: "attendance.remark.session_ok", Args: days}
	}
	return sr
}

// judgeOffPost: an off-post event longer than the preset's limit counts
// absence; shorter ones are recorded and shown.
func judgeOffPost(p Preset, ev OffPostEvent, day time.Time) OffPostResult {
	r := OffPostResult{Start: ev.Start, Minutes: int((ev.Duration + time.Minute - 1) / time.Minute)}
	args := map[string]any{"Date": day.Format(dateFormat), "Start": ClockOf(ev.Start.In(day.Location())).String(), "Minutes": r.Minutes, "Over": p.OffPostOverMinutes}
	if p.OffPostAbsenceHalves > 0 && ev.Duration > time.Duration(p.OffPostOverMinutes)*time.Minute {
		r.Absent = HalfDays(p.OffPostAbsenceHalves)
		args["Days"] = r.Absent.String()
		r.Remark = Remark{Key: "attendance.remark.off_post_escalation", Args: args}
		return r
	}
	r.Remark = Remark{Key: "attendance.remark.off_post_recorded", Args: args}
	return r
}

// coveredByLeave reports whether t lies in approved leave.
func coveredByLeave(covers []Cover, t time.Time) bool {
	c, ok := coverAt(covers, t)
	return ok && c.Kind == CoverLeave
}

// markOverstay says "超假" on the absent sessions that begin in an
// overstay span (regulation 000 line 100 "無正當理由超假不歸的" is absence).
func (r *DayResult) markOverstay(spans []Span) {
	for i := range r.Sessions {
		sr := &r.Sessions[i]
		if sr.Status != SessionAbsent {
			continue
		}
		for _, s := range spans {
			if s.includes(sr.Start.On(r.Date)) {
				sr.Remark.Key = "attendance.remark.session_overstay"
				break
			}
		}
	}
}

// addUncovered judges a departure before the substitute arrived: the
// session whose punch window holds it turns from leave into absence; when
// that session was not on leave, the departure's half-days are added.
func (r *DayResult) addUncovered(ws []sessionWindow, u Uncovered, day time.Time) {
	if u.Halves == 0 {
		return
	}
	c := ClockOf(u.At.In(day.Location()))
	for i, w := range ws {
		if c < w.inFrom || c >= w.outTo || i >= len(r.Sessions) {
			continue
		}
		sr := &r.Sessions[i]
		if sr.Status == SessionLeave && r.Leave != nil {
			r.Leave[sr.LeaveType] -= sr.LeaveHalves
			if r.Leave[sr.LeaveType] <= 0 {
				delete(r.Leave, sr.LeaveType)
			}
			sr.Status, sr.LeaveHalves, sr.Remark = SessionAbsent, 0, u.Remark
			r.UncoveredAbsent += sr.Halves
			return
		}
	}
	r.UncoveredAbsent += u.Halves
	r.Remarks = append(r.Remarks, u.Remark)
}
