package attendance

import (
	"strconv"
	"time"
)

// The day and month judgement (考勤判定) is pure: JudgeDay and JudgeMonth
// read only their arguments — no storage, no clock, no calendar. The
// caller says which days are working days (DayInput.Working) and gathers
// the punches, approved leave, registered errands and off-post records.

// DayInput is one staff member's day, as the judgement needs it.
type DayInput struct {
	// Date is the civil date; its location is the center's. Only its year,
	// month and day are used.
	Date time.Time `json:"date"`
	// Working says whether the date is a working day (public holidays and
	// 调休 make-up days applied). Other days are never judged.
	Working bool `json:"working"`
	// Excluded says why a working day is not judged for this person
	// (before go-live, before they joined, after they left); "" judges it.
	Excluded Exclusion      `json:"excluded,omitempty"`
	Punches  []Mark         `json:"punches"`
	Covers   []Cover        `json:"covers"`
	OffPost  []OffPostEvent `json:"off_post"`
	// Overstay spans run from the end of approved leave to the return
	// recorded at 销假 (超假): a session with neither punch in them is absence
	// for overstaying, and says so.
	Overstay []Span `json:"overstay,omitempty"`
	// Uncovered are departures on leave before the substitute punched in
	// (JudgeHandover): each turns the session it falls in from leave into
	// absence, or adds its half-days of absence to the day.
	Uncovered []Uncovered `json:"uncovered,omitempty"`
}

// Span is a stretch of time, Start ≤ t < End.
type Span struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

// includes reports whether t lies in the span.
func (s Span) includes(t time.Time) bool { return !t.Before(s.Start) && t.Before(s.End) }

// Uncovered is a departure without a substitute on post, judged by
// JudgeHandover: when (the departure, or the leave's start), the absence
// it counts, and the handover's remark.
type Uncovered struct {
	At     time.Time `json:"at"`
	Halves HalfDays  `json:"halves"`
	Remark Remark    `json:"remark"`
}

// Mark is one punch as the judgement sees it: a fingerprint punch, or an
// approved remedy (补签) that counts like a punch and is shown as one. A
// remedy fills only a point that no punch took: it never replaces a
// recorded punch, so it cannot erase a late arrival or an early departure.
// A correction (an accepted objection's on-time point, also shown as a
// remedy) does replace it: that is what the objection was for.
type Mark struct {
	Time       time.Time `json:"time"`
	PunchID    uint64    `json:"punch_id,omitempty"`
	Remedy     bool      `json:"remedy,omitempty"`
	Correction bool      `json:"correction,omitempty"`
	Flagged    bool      `json:"flagged,omitempty"` // needs a second look (manual, unsure clock)
}

// fillsOnly reports whether the mark only fills a point no punch took.
func (m Mark) fillsOnly() bool { return m.Remedy && !m.Correction }

// MarkOf is the Mark of a recorded punch.
func MarkOf(p Punch) Mark { return Mark{Time: p.Time, PunchID: p.ID, Flagged: p.Flagged()} }

// CoverKind says what excuses a punch.
type CoverKind string

// Cover kinds.
const (
	CoverLeave  CoverKind = "leave"  // approved leave (请假)
	CoverErrand CoverKind = "errand" // registered errand (外出备案)
)

// Cover is approved leave or a registered errand from Start to End, both
// included. It removes the requirement of every punch point whose due time
// (a session's start for the in-punch, its end for the out-punch) lies
// inside it; covering both points of a session covers the session.
type Cover struct {
	Start     time.Time `json:"start"`
	End       time.Time `json:"end"`
	Kind      CoverKind `json:"kind"`
	LeaveType string    `json:"leave_type,omitempty"` // for leave: a leave.Type code ("personal", "sick", …)
}

// includes reports whether t lies within the cover.
func (c Cover) includes(t time.Time) bool { return !t.Before(c.Start) && !t.After(c.End) }

// OffPostEvent is a recorded departure from the post without leave or a
// registered errand (脱岗, 擅离工作岗位), found by inspection.
type OffPostEvent struct {
	Start    time.Time     `json:"start"`
	Duration time.Duration `json:"duration"`
}

// HalfDays counts half-days, so that half a day of absence or leave needs
// no floating point.
type HalfDays int

// Days is h in days (3 half-days = 1.5), for display.
func (h HalfDays) Days() float64 { return float64(h) / 2 }

// String gives the days: "0.5", "1", "1.5".
func (h HalfDays) String() string { return strconv.FormatFloat(h.Days(), 'f', -1, 64) }

// Remark is one decision of the judgement, to show and print in either
// language: a locale key (embedded/locales/attendance.*.json) and the
// arguments of its message.
type Remark struct {
	Key  string         `json:"key"`
	Args map[string]any `json:"args,omitempty"`
}

// PointStatus is the verdict on one punch point.
type PointStatus string

// Punch point verdicts.
const (
	PointOK            PointStatus = "ok"
	PointLate          PointStatus = "late"
	PointEarly         PointStatus = "early"
	PointMissing       PointStatus = "missing"
	PointCoveredLeave  PointStatus = "covered_leave"
	PointCoveredErrand PointStatus = "covered_errand"
	PointRemedied      PointStatus = "remedied" // on time by an approved remedy (补签)
)

// SessionStatus is the verdict on one session (a half-day, or a whole day
// for a two-punch preset).
type SessionStatus string

// Session verdicts.
const (
	SessionOK        SessionStatus = "ok"         // attended; its points may still be late or early
	SessionMissedOne SessionStatus = "missed_one" // one of two punches missing (漏签)
	SessionAbsent    SessionStatus = "absent"     // neither punch (旷工)
	SessionLeave     SessionStatus = "leave"
	SessionErrand    SessionStatus = "errand"
)

// DayStatus says whether a day was judged.
type DayStatus string

// Day statuses.
const (
	DayJudged    DayStatus = "judged"
	DayNotJudged DayStatus = "not_judged" // not a working day: punches kept and shown only
)

// PointResult is the verdict on one punch point.
type PointResult struct {
	Key     string      `json:"key"`     // "morning_in", "afternoon_out", "day_in", …
	Session string      `json:"session"` // the session's key
	In      bool        `json:"in"`      // an in-punch (签到), else an out-punch (签退)
	Due     ClockTime   `json:"due"`     // the session's start (in) or end (out) that day
	Punch   *Mark       `json:"punch,omitempty"`
	Status  PointStatus `json:"status"`
	// Minutes late (in) or early (out), also when within the grace.
	Minutes   int    `json:"minutes,omitempty"`
	LeaveType string `json:"leave_type,omitempty"`
	Remark    Remark `json:"remark"`
}

// SessionResult is the verdict on one session.
type SessionResult struct {
	Key    string        `json:"key"`
	Start  ClockTime     `json:"start"`
	End    ClockTime     `json:"end"`
	Halves HalfDays      `json:"halves"` // what the session is worth
	Status SessionStatus `json:"status"`
	// Half-days of the session spanned by leave or a registered errand; a
	// whole-day session's morning leave is 1. LeaveType is the first leave's.
	LeaveHalves  HalfDays `json:"leave_halves,omitempty"`
	ErrandHalves HalfDays `json:"errand_halves,omitempty"`
	LeaveType    string   `json:"leave_type,omitempty"`
	Remark       Remark   `json:"remark"`
}

// OffPostResult is the verdict on one off-post event.
type OffPostResult struct {
	Start   time.Time `json:"start"`
	Minutes int       `json:"minutes"` // started minutes
	Absent  HalfDays  `json:"absent"`
	Remark  Remark    `json:"remark"`
}

// DayResult is one staff member's judged day.
type DayResult struct {
	Date     time.Time       `json:"date"`
	Status   DayStatus       `json:"status"`
	Excluded Exclusion       `json:"excluded,omitempty"` // why a working day was not judged
	Points   []PointResult   `json:"points"`
	Sessions []SessionResult `json:"sessions"`
	OffPost  []OffPostResult `json:"off_post"`
	Punches  []Mark          `json:"punches"` // every punch of the day, in time order
	Extra    []Mark          `json:"extra"`   // punches assigned to no point: kept and shown
	Late     int             `json:"late"`
	Early    int             `json:"early"`
	Missed   int             `json:"missed"`
	// Absent counts sessions with neither punch; OffPostAbsent the
	// off-post events over the limit.
	Absent        HalfDays `json:"absent"`
	OffPostAbsent HalfDays `json:"off_post_absent"`
	// UncoveredAbsent is absence for departures before the substitute
	// punched in (DayInput.Uncovered).
	UncoveredAbsent HalfDays            `json:"uncovered_absent,omitempty"`
	Leave           map[string]HalfDays `json:"leave,omitempty"` // by leave type
	Errand          HalfDays            `json:"errand"`
	Remarks         []Remark            `json:"remarks,omitempty"`
}

// MonthResult is one staff member's judged month.
type MonthResult struct {
	Preset      string      `json:"preset"`
	Days        []DayResult `json:"days"` // in date order
	WorkingDays int         `json:"working_days"`
	Late        int         `json:"late"`
	Early       int         `json:"early"`
	Missed      int         `json:"missed"`
	// Absence by cause, and in total.
	SessionAbsent   HalfDays `json:"session_absent"`    // sessions with neither punch
	OffPostAbsent   HalfDays `json:"off_post_absent"`   // off-post events over the limit
	LateEarlyAbsent HalfDays `json:"late_early_absent"` // monthly late+early escalation
	MissedAbsent    HalfDays `json:"missed_absent"`     // monthly missed-punch escalation
	UncoveredAbsent HalfDays `json:"uncovered_absent"`  // departures before the substitute arrived
	Absent          HalfDays `json:"absent"`
	// Leave on working days by type, and registered errands.
	Leave   map[string]HalfDays `json:"leave"`
	Errand  HalfDays            `json:"errand"`
	Remarks []Remark            `json:"remarks,omitempty"`
}

// AbsentDays is the month's absence in days, for display.
func (m MonthResult) AbsentDays() float64 { return m.Absent.Days() }

// LeaveDays is the month's leave of one type in days, for display.
func (m MonthResult) LeaveDays(leaveType string) float64 { return m.Leave[leaveType].Days() }
