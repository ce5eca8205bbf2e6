package attendance

// The handover to a substitute (顶岗交接): "窗口頂崗人員到崗後,請假的工作人員
// 才能離開工作崗位,否則視為擅自離崗或曠工" (regulation 000 line 111; 003
// line 320, 004 line 358). Judged from the punches alone — the clock's
// record is authoritative (000 line 85) — in one function, JudgeHandover:
// the page, the dashboard and the month judgement call it.

import (
	"time"

	"bianmin/appliance/leave"
)

// HandoverStatus is where a handover stands.
type HandoverStatus string

// Handover statuses.
const (
	HandoverWaiting   HandoverStatus = "waiting"   // the leave has not begun, or began and the leaver is still on post
	HandoverCovered   HandoverStatus = "covered"   // the substitute punched in before the leaver left
	HandoverUncovered HandoverStatus = "uncovered" // the leaver left first, or no substitute punched in
)

// Causes of an uncovered window (locale attendance.handover.cause.<c>).
const (
	CauseLeftFirst    = "left_first"    // the leaver punched out before the substitute punched in
	CauseNoSubstitute = "no_substitute" // the leave began and no substitute punched in
)

// Handover is the judged start of an approved leave with a substitute.
type Handover struct {
	LeaveID      uint64    `json:"leave_id"`
	LeaverID     uint64    `json:"leaver_id"`
	SubstituteID uint64    `json:"substitute_id"`
	Start        time.Time `json:"start"` // the leave's first working moment
	// Session is the session whose punch window holds Start; the leaver's
	// departure and the substitute's arrival are the punches in that window.
	Session   string         `json:"session"`
	Departure *Mark          `json:"departure,omitempty"` // the leaver's last punch in the window
	Arrival   *Mark          `json:"arrival,omitempty"`   // the substitute's first punch in the window
	Status    HandoverStatus `json:"status"`
	Cause     string         `json:"cause,omitempty"`
	// From and To bound the uncovered window: from the departure (or the
	// start) to the arrival (or the window's end).
	From time.Time `json:"from,omitzero"`
	To   time.Time `json:"to,omitzero"`
	// Absent is the leaver's absence for an uncovered departure, once the
	// window has ended (or at once when the leaver left first).
	Absent HalfDays `json:"absent,omitempty"`
	Remark Remark   `json:"remark"`
}

// JudgeHandover judges the handover of the approved leave l (its
// substitute named) from the leaver's and the substitute's punches, as at
// now: start is the leave's first working moment (firstWorkingMoment).
// The substitute must punch in, in the punch window of start's session,
// no later than the leaver's last punch there (their departure). If the
// leaver punched out first, the window is uncovered at once; if the leaver
// did not punch there and no substitute did, it is uncovered from start
// (while the window lasts, as at now). Either way the leaver's departure
// counts absentHalves half-days of absence (000 line 111: "否則視為擅自離崗
// 或曠工"), unless the substitute arrived.
func JudgeHandover(p Preset, l leave.Leave, start time.Time, leaver, substitute []Mark, now time.Time, absentHalves int) Handover {
	h := Handover{LeaveID: l.ID, LeaverID: l.StaffID, SubstituteID: l.SubstituteID, Start: start, Status: HandoverWaiting}
	loc := start.Location()
	day := civilDay(start, loc)
	w := windowAt(windowsOn(p, MonthDayOf(day)), ClockOf(start))
	h.Session = w.session.Key
	from, to := w.inFrom.On(day), day.AddDate(0, 0, 1)
	if w.outTo < secondsPerDay {
		to = w.outTo.On(day)
	}
	end := w.end.On(day) // the uncovered window lasts at most to the session's end
	h.Departure = departureIn(leaver, from, to, now, start, w.start.On(day))
	h.Arrival = firstIn(substitute, from, to, now)
	args := map[string]any{"Start": start.Format("15:04"), "Date": day.Format(dateFormat)}
	switch {
	case h.Arrival != nil && (h.Departure == nil || !h.Arrival.Time.After(h.Departure.Time)):
		args["Arrival"] = h.Arrival.Time.In(loc).Format("15:04")
		h.Status, h.Remark = HandoverCovered, Remark{Key: "attendance.remark.handover_covered", Args: args}
	case h.Departure != nil:
		h.Status, h.Cause, h.From, h.To = HandoverUncovered, CauseLeftFirst, h.Departure.Time, later(end, h.Departure.Time.Add(time.Minute))
		if h.Arrival != nil {
			h.To = h.Arrival.Time
		}
		args["Departure"] = h.Departure.Time.In(loc).Format("15:04")
		h.Absent, h.Remark = HalfDays(absentHalves), Remark{Key: "attendance.remark.handover_left_first", Args: args}
	case now.Before(start):
		h.Remark = Remark{Key: "attendance.remark.handover_waiting", Args: args}
	default:
		h.Status, h.Cause, h.From, h.To = HandoverUncovered, CauseNoSubstitute, start, later(end, start.Add(time.Minute))
		h.Remark = Remark{Key: "attendance.remark.handover_no_substitute", Args: args}
		if !now.Before(h.To) {
			h.Absent = HalfDays(absentHalves)
		}
	}
	args["Days"] = h.Absent.String()
	return h
}

// departureIn is the leaver's departure punch: their last punch in the
// window from ≤ t < to (up to now) that is a leaving — at or after the
// leave's start, or after an earlier punch there (the arrival), or any
// punch when the leave starts by the session's start (the leaver is not
// due in that session at all). A lone punch before a mid-session start is
// the arrival: the leaver is still on post.
func departureIn(marks []Mark, from, to, now, start, sessionStart time.Time) *Mark {
	last := lastIn(marks, from, to, now)
	if last == nil {
		return nil
	}
	first := firstIn(marks, from, to, now)
	if !last.Time.Before(start) || last.Time.After(first.Time) || !start.After(sessionStart) {
		return last
	}
	return nil
}

// windowAt is the window of the day whose punch span holds c.
func windowAt(ws []sessionWindow, c ClockTime) sessionWindow {
	for _, w := range ws {
		if c >= w.inFrom && c < w.outTo {
			return w
		}
	}
	return ws[len(ws)-1]
}

// lastIn is the last mark in from ≤ t < to, up to now.
func lastIn(marks []Mark, from, to, now time.Time) *Mark {
	var found *Mark
	for i, m := range marks {
		if !m.Time.Before(from) && m.Time.Before(to) && !m.Time.After(now) && (found == nil || m.Time.After(found.Time)) {
			found = &marks[i]
		}
	}
	return found
}

// firstIn is the first mark in from ≤ t < to, up to now.
func firstIn(marks []Mark, from, to, now time.Time) *Mark {
	var found *Mark
	for i, m := range marks {
		if !m.Time.Before(from) && m.Time.Before(to) && !m.Time.After(now) && (found == nil || m.Time.Before(found.Time)) {
			found = &marks[i]
		}
	}
	return found
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
