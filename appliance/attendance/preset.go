package attendance

import (
	"slices"
	"time"
)

// Preset is a center's attendance rules as data: its working hours and
// every threshold of the day and month judgement. Every number is meant to
// be editable on the settings page; the JSON field names are stable.
// A Preset must pass Validate before it judges anything.
type Preset struct {
	// Key names the preset: "standard", "county-b", "nine-to-five", or a
	// center's own. Built-in presets are named in the UI by the locale key
	// attendance.preset.<key>; Name is free text for a center's own.
	Key  string `json:"key"`
	Name string `json:"name,omitempty"`

	// Sessions are the day's working sessions in time order (上午, 下午).
	// Each has two punch points: in at its start, out at its end.
	Sessions []Session `json:"sessions"`

	// LateGraceMinutes: an in-punch is late only when it is more than this
	// many whole minutes after the start (0: 08:30:59 is on time, 08:31:00
	// late). EarlyGraceMinutes likewise for an out-punch before the end,
	// where a started minute counts (0: 11:59:59 is early).
	LateGraceMinutes  int `json:"late_grace_minutes"`
	EarlyGraceMinutes int `json:"early_grace_minutes"`

	// MissingPunch says what one missing punch of a session is: a missed
	// punch (漏签) or a late arrival / early leave (无签到记迟到).
	MissingPunch MissingPunchRule `json:"missing_punch"`

	// LateEarlyEscalation and MissedEscalation turn a month's count of
	// late+early punches, or of missed punches, into absence (旷工). The
	// highest step reached applies, once a month (8 missed → one day,
	// instead of half a day for reaching 4).
	LateEarlyEscalation []Escalation `json:"late_early_escalation"`
	MissedEscalation    []Escalation `json:"missed_escalation"`

	// Each recorded off-post event (脱岗, 擅离岗位) longer than
	// OffPostOverMinutes counts OffPostAbsenceHalves half-days of absence;
	// 0 half-days turns the rule off.
	OffPostOverMinutes   int `json:"off_post_over_minutes"`
	OffPostAbsenceHalves int `json:"off_post_absence_halves"`
}

// Session is one working session of the day (上午 or 下午, or the whole
// day for a two-punch preset).
type Session struct {
	Key   string    `json:"key"` // "morning", "afternoon" or "day"
	Start ClockTime `json:"start"`
	End   ClockTime `json:"end"`
	// Seasons override Start and End between two dates of the year; the
	// range containing the day applies, otherwise Start and End.
	Seasons []SeasonHours `json:"seasons"`
	// Halves is how many half-days the session is worth: 1 for a morning
	// or afternoon, 2 for a whole-day session. The sessions add up to 2.
	Halves int `json:"halves"`
}

// SeasonHours are a session's hours from From to To, both included; a
// range may run across the new year (11-01..04-30).
type SeasonHours struct {
	From  MonthDay  `json:"from"`
	To    MonthDay  `json:"to"`
	Start ClockTime `json:"start"`
	End   ClockTime `json:"end"`
}

// Escalation: AtLeast events in a month count AbsenceHalves half-days of
// absence.
type Escalation struct {
	AtLeast       int `json:"at_least"`
	AbsenceHalves int `json:"absence_halves"`
}

// MissingPunchRule says how one missing punch of a session counts.
type MissingPunchRule string

// Missing-punch rules.
const (
	// MissingIsMissed: a session with one of its two punches is one missed
	// punch (漏签), counted for MissedEscalation.
	MissingIsMissed MissingPunchRule = "missed"
	// MissingIsLateEarly: a missing in-punch counts as late, a missing
	// out-punch as early (无签到记迟到，无签退记早退).
	MissingIsLateEarly MissingPunchRule = "late_early"
)

// Session keys with locale labels (attendance.session.<key>).
const (
	SessionMorning   = "morning"
	SessionAfternoon = "afternoon"
	SessionDay       = "day"
)

// sessionKeys lists the session keys in the order they may appear.
var sessionKeys = []string{SessionMorning, SessionAfternoon, SessionDay}

// HoursOn returns the session's start and end on the given day of the year.
func (s Session) HoursOn(md MonthDay) (start, end ClockTime) {
	for _, h := range s.Seasons {
		if md.InRange(h.From, h.To) {
			return h.Start, h.End
		}
	}
	return s.Start, s.End
}

// DefaultPresetKey is the preset a new center starts with.
const DefaultPresetKey = "standard"

// Presets returns the built-in presets, the default first. Each call
// returns fresh values the caller may change.
func Presets() []Preset {
	return []Preset{standardPreset(), countyBPreset(), nineToFivePreset()}
}

// PresetByKey returns a fresh copy of the built-in preset with the key.
func PresetByKey(key string) (Preset, bool) {
	i := slices.IndexFunc(Presets(), func(p Preset) bool { return p.Key == key })
	if i < 0 {
		return Preset{}, false
	}
	return Presets()[i], true
}

// standardPreset: regulation 000, 第三篇 一、考勤规范 and 第二篇 七、(二)10.
func standardPreset() Preset {
	return Preset{
		Key: "standard",
		Sessions: []Session{
			// "中心上午全年實行8:30至12:00作息制度"
			{Key: SessionMorning, Start: Clock(8, 30, 0), End: Clock(12, 0, 0), Halves: 1},
			// "下午實行每年5月至10月14:30至18:00,10月至次年4月14:00至17:30作息制度"
			// (the text's second "10月" is read as November: issue #5).
			{Key: SessionAfternoon, Start: Clock(14, 0, 0), End: Clock(17, 30, 0), Halves: 1,
				Seasons: []SeasonHours{{From: MonthDay{time.May, 1}, To: MonthDay{time.October, 31}, Start: Clock(14, 30, 0), End: Clock(18, 0, 0)}}},
		},
		MissingPunch: MissingIsMissed,
		// "(5)當月遲到或早退4次以上的計曠工半天"
		LateEarlyEscalation: []Escalation{{AtLeast: 4, AbsenceHalves: 1}},
		// "(7)當月未按規定累計未簽到4次計曠工半天、累計8次未簽到計曠工1天"
		MissedEscalation: []Escalation{{AtLeast: 4, AbsenceHalves: 1}, {AtLeast: 8, AbsenceHalves: 2}},
		// "(6)擅離工作崗位時間超過2小時的計曠工半天"
		OffPostOverMinutes:   120,
		OffPostAbsenceHalves: 1,
	}
}

// countyBPreset: regulation 004, 五、考勤制度.
func countyBPreset() Preset {
	return Preset{
		Key: "county-b",
		Sessions: []Session{
			// "每天上午8点上班,12点下班"
			{Key: SessionMorning, Start: Clock(8, 0, 0), End: Clock(12, 0, 0), Halves: 1},
			// "下午2:30上班(夏令时3:00上班),5:30下班(夏令时6:00下班)"; the text
			// gives no summer period: 1 Jun–30 Sep (issue #5).
			{Key: SessionAfternoon, Start: Clock(14, 30, 0), End: Clock(17, 30, 0), Halves: 1,
				Seasons: []SeasonHours{{From: MonthDay{time.June, 1}, To: MonthDay{time.September, 30}, Start: Clock(15, 0, 0), End: Clock(18, 0, 0)}}},
		},
		// "无签到或迟到20分钟以上签到记迟到一次,无签退或提前下班超过20分钟的记早退一次"
		LateGraceMinutes:  20,
		EarlyGraceMinutes: 20,
		MissingPunch:      MissingIsLateEarly,
		// "工作人员累计迟到或早退5次,记旷工1天"
		LateEarlyEscalation: []Escalation{{AtLeast: 5, AbsenceHalves: 2}},
		// "未经许可在上班时间外出超过一小时的,计旷工一次"
		OffPostOverMinutes:   60,
		OffPostAbsenceHalves: 1,
	}
}

// nineToFivePreset: regulation 003, 考勤管理方案 一、考勤制度. The text
// gives hours only; its monthly escalations are left off for the center
// to set.
func nineToFivePreset() Preset {
	return Preset{
		Key: "nine-to-five",
		Sessions: []Session{
			// "政务大厅实行“早九晚五”作息制度" … "上午9点上班,下午5点下班"
			{Key: SessionDay, Start: Clock(9, 0, 0), End: Clock(17, 0, 0), Halves: 2},
		},
		MissingPunch: MissingIsMissed,
	}
}
