package report

import (
	"maps"
	"time"

	"bianmin/appliance/attendance"
	"bianmin/appliance/calendar"
)

// HalfDays is attendance.HalfDays: absence and leave in half-days.
type HalfDays = attendance.HalfDays

// Remark is attendance.Remark: a locale key and its arguments.
type Remark = attendance.Remark

// Report is one report's data: what Layout shows and Publish freezes. It
// holds no text in any language beyond names; remarks are locale keys.
type Report struct {
	Kind   Kind   `json:"kind"`
	Period Period `json:"period"`
	Center string `json:"center"` // the center's name
	Preset string `json:"preset"` // key of the rules it was judged by
	// WorkingDays is the number of working days judged in the period.
	WorkingDays int `json:"working_days"`
	// Until is the last day judged (YYYY-MM-DD) when the period had not
	// ended at GeneratedAt; empty when the report covers the whole period.
	Until string `json:"until,omitempty"`
	// GoLive is the day the center's attendance went live (YYYY-MM-DD)
	// when it falls inside the period: nothing before it is judged.
	GoLive      string    `json:"go_live,omitempty"`
	GeneratedAt time.Time `json:"generated_at"`

	Weekly    *WeeklyNotice    `json:"weekly,omitempty"`
	Monthly   *MonthlySummary  `json:"monthly,omitempty"`
	Quarterly *QuarterlyResult `json:"quarterly,omitempty"`
}

// Person is a staff member as reports name them, with their home unit
// (派驻单位) as it was when the report was built.
type Person struct {
	StaffID uint64 `json:"staff_id"`
	StaffNo string `json:"staff_no"`
	Name    string `json:"name"`
	UnitID  uint64 `json:"unit_id"`
	Unit    string `json:"unit"`
	Window  int    `json:"window,omitempty"` // window number, 0 = none
}

// Counts are one person's numbers over a span, or their sum for a unit.
type Counts struct {
	WorkingDays int `json:"working_days"` // working days judged
	Late        int `json:"late"`         // 迟到, times
	Early       int `json:"early"`        // 早退, times
	Missed      int `json:"missed"`       // 漏签, times
	OffPost     int `json:"off_post"`     // 脱岗 events recorded
	// Absent is 旷工 in all: sessions without a punch, off-post events over
	// the limit and, in a month, the monthly escalations.
	Absent HalfDays            `json:"absent"`
	Leave  map[string]HalfDays `json:"leave,omitempty"` // working half-days by leave type
	Errand HalfDays            `json:"errand"`          // registered errands (外出备案)
}

// Add adds o into c.
func (c *Counts) Add(o Counts) {
	c.WorkingDays += o.WorkingDays
	c.Late += o.Late
	c.Early += o.Early
	c.Missed += o.Missed
	c.OffPost += o.OffPost
	c.Absent += o.Absent
	c.Errand += o.Errand
	for t, h := range o.Leave {
		c.addLeave(t, h)
	}
}

func (c *Counts) addLeave(t string, h HalfDays) {
	if h == 0 {
		return
	}
	if c.Leave == nil {
		c.Leave = map[string]HalfDays{}
	}
	c.Leave[t] += h
}

// LeaveTotal is the leave of every type.
func (c Counts) LeaveTotal() HalfDays {
	var h HalfDays
	for _, v := range c.Leave {
		h += v
	}
	return h
}

// Clean reports whether nothing was counted against the person: no late,
// early, missed, absence or off-post.
func (c Counts) Clean() bool {
	return c.Late == 0 && c.Early == 0 && c.Missed == 0 && c.Absent == 0 && c.OffPost == 0
}

func (c Counts) clone() Counts {
	c.Leave = maps.Clone(c.Leave)
	return c
}

// WeeklyNotice is the weekly notice (周通报): every person's week, grouped
// by home unit, with the day-level facts behind each count.
type WeeklyNotice struct {
	Days  []calendar.Day `json:"days"` // Monday to Sunday
	Units []UnitWeek     `json:"units"`
	Total Counts         `json:"total"`
	// Named is the number of people with something counted against them.
	Named int `json:"named"`
	// ObjectionDays: objections to the notice are raised within this many
	// days of its publication (attendance.Settings.ObjectionDays).
	ObjectionDays int `json:"objection_days"`
}

// UnitWeek is one home unit's people in a weekly notice.
type UnitWeek struct {
	UnitID uint64      `json:"unit_id"`
	Unit   string      `json:"unit"`
	Staff  []StaffWeek `json:"staff"`
	Total  Counts      `json:"total"`
}

// StaffWeek is one person's week.
type StaffWeek struct {
	Person
	Counts  Counts   `json:"counts"`
	Details []Detail `json:"details,omitempty"`
	// Partial: the person joined or left during the week; only the days
	// they served were judged.
	Partial *attendance.JudgedSpan `json:"partial,omitempty"`
}

// DetailKind says what a detail justifies.
type DetailKind string

// Detail kinds, in the order a day lists them.
const (
	DetailLate    DetailKind = "late"
	DetailEarly   DetailKind = "early"
	DetailMissed  DetailKind = "missed"
	DetailAbsent  DetailKind = "absent"
	DetailOffPost DetailKind = "off_post"
	DetailLeave   DetailKind = "leave"
)

// Detail is one fact of one day behind a weekly count: a late or early
// punch, a missed punch, a session of absence, an off-post event, a leave.
type Detail struct {
	Day       calendar.Day `json:"day"`
	Kind      DetailKind   `json:"kind"`
	Point     string       `json:"point,omitempty"`   // punch point key: "morning_in"
	Session   string       `json:"session,omitempty"` // session key: "morning"
	Time      string       `json:"time,omitempty"`    // the punch, or an off-post start: "08:45"
	Due       string       `json:"due,omitempty"`     // the point's due time
	Minutes   int          `json:"minutes,omitempty"` // late or early by; off-post duration
	Halves    HalfDays     `json:"halves,omitempty"`  // absence or leave
	LeaveType string       `json:"leave_type,omitempty"`
	Remark    Remark       `json:"remark"` // the judgement's words for it
}

// MonthlySummary is the monthly summary (月汇总): each person's month and
// each home unit's totals. Letters to the home units are laid out from it.
type MonthlySummary struct {
	// LeaveTypes are the leave types anyone took, in leave.Types order:
	// the summary's leave columns.
	LeaveTypes []string    `json:"leave_types"`
	Units      []UnitMonth `json:"units"`
	Total      Counts      `json:"total"`
}

// UnitMonth is one home unit's people in a month.
type UnitMonth struct {
	UnitID uint64      `json:"unit_id"`
	Unit   string      `json:"unit"`
	Staff  []MonthLine `json:"staff"`
	Total  Counts      `json:"total"`
}

// MonthLine is one person's month: the counts, the absence by cause, and
// the remarks of the judgement (escalations) and of the month builder
// (a sick leave counted as personal leave, remedies, corrections).
type MonthLine struct {
	Person
	Counts          Counts   `json:"counts"`
	SessionAbsent   HalfDays `json:"session_absent"`
	OffPostAbsent   HalfDays `json:"off_post_absent"`
	LateEarlyAbsent HalfDays `json:"late_early_absent"`
	MissedAbsent    HalfDays `json:"missed_absent"`
	Remarks         []Remark `json:"remarks,omitempty"`
	// Partial: the person joined or left during the month.
	Partial *attendance.JudgedSpan `json:"partial,omitempty"`
}

// QuarterlyResult is the quarterly result (季考核): each person's three
// months side by side, the totals, and who is flagged.
type QuarterlyResult struct {
	Months      []string      `json:"months"`       // "2026-01", …
	MonthDays   []int         `json:"month_days"`   // working days judged per month
	Staff       []QuarterLine `json:"staff"`        // by home unit, then staff number
	Flagged     int           `json:"flagged"`      // people with at least one flag
	Rules       FlagRules     `json:"rules"`        // what flags a person
	UnitTotals  []UnitTotal   `json:"unit_totals"`  // per home unit
	QuarterSums Counts        `json:"quarter_sums"` // everyone
}

// QuarterLine is one person's quarter.
type QuarterLine struct {
	Person
	Months []Counts `json:"months"` // one per QuarterlyResult.Months; WorkingDays 0: not judged that month
	Total  Counts   `json:"total"`
	Flags  []Remark `json:"flags,omitempty"`
	// Partial: the person joined or left during the quarter.
	Partial *attendance.JudgedSpan `json:"partial,omitempty"`
}

// UnitTotal is one home unit's sum over a span.
type UnitTotal struct {
	UnitID uint64 `json:"unit_id"`
	Unit   string `json:"unit"`
	People int    `json:"people"`
	Counts Counts `json:"counts"`
}

// FlagRules say who the quarterly result flags for attention.
type FlagRules struct {
	// AnyAbsence flags everyone with absence (旷工) in the quarter.
	AnyAbsence bool `json:"any_absence"`
	// LateEarlyPerMonth flags everyone with at least this many late and
	// early punches together in one month; 0 turns it off.
	LateEarlyPerMonth int `json:"late_early_per_month"`
}

// DefaultFlagRules: any absence, and 4 late or early in a month — the
// count at which regulation 000 第三篇 七(5) starts counting absence and
// DOMAIN.md's "4 late/early/off-post in a month → sent back".
func DefaultFlagRules() FlagRules { return FlagRules{AnyAbsence: true, LateEarlyPerMonth: 4} }
