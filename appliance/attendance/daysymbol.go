package attendance

// A judged day in a word: the symbols of the office's month grid (考勤表
// 符号), one column a day for the whole hall. The symbols only summarise
// what JudgeDay decided; nothing is judged here.

// DaySymbol names one thing a day's judgement found, as the month grid
// marks it: 正常, 迟, 早, 漏, 旷, 假, 外, 脱, 休, or nothing yet.
type DaySymbol string

// Day symbols, from the worst: a day shows its first symbol, and lists the
// others beside it (a day both late and early is 迟 then 早).
const (
	SymbolAbsent  DaySymbol = "absent"   // 旷: a session with neither punch, or off post over the limit
	SymbolMissed  DaySymbol = "missed"   // 漏: one punch of a session missing (漏签)
	SymbolLate    DaySymbol = "late"     // 迟: signed in late
	SymbolEarly   DaySymbol = "early"    // 早: signed out early
	SymbolOffPost DaySymbol = "off_post" // 脱: off post, within the limit
	SymbolLeave   DaySymbol = "leave"    // 假: on approved leave for a session or more
	SymbolErrand  DaySymbol = "errand"   // 外: on a registered errand for a session or more
	SymbolNormal  DaySymbol = "normal"   // 正常: judged, nothing wrong
	SymbolRest    DaySymbol = "rest"     // 休: not a working day
	SymbolNone    DaySymbol = "none"     // —: a working day not judged (not over yet, or not the person's to be judged)
)

// symbolOrder is every symbol, worst first.
var symbolOrder = []DaySymbol{SymbolAbsent, SymbolMissed, SymbolLate, SymbolEarly, SymbolOffPost,
	SymbolLeave, SymbolErrand, SymbolNormal, SymbolRest, SymbolNone}

// DaySymbols lists every symbol that applies to a day, worst first (never
// empty). workday is what the calendar says of the date: a working day
// that was not judged (it has not ended, or the person is not judged on
// it) is SymbolNone, any other unjudged day SymbolRest.
func DaySymbols(r DayResult, workday bool) []DaySymbol {
	if r.Status != DayJudged {
		if workday {
			return []DaySymbol{SymbolNone}
		}
		return []DaySymbol{SymbolRest}
	}
	has := map[DaySymbol]bool{}
	for _, s := range r.Sessions {
		switch s.Status {
		case SessionAbsent:
			has[SymbolAbsent] = true
		case SessionMissedOne:
			has[SymbolMissed] = true
		case SessionLeave:
			has[SymbolLeave] = true
		case SessionErrand:
			has[SymbolErrand] = true
		}
		if s.LeaveHalves > 0 {
			has[SymbolLeave] = true
		}
		if s.ErrandHalves > 0 {
			has[SymbolErrand] = true
		}
	}
	for _, p := range r.Points {
		switch p.Status {
		case PointLate:
			has[SymbolLate] = true
		case PointEarly:
			has[SymbolEarly] = true
		}
	}
	for _, op := range r.OffPost {
		if op.Absent > 0 {
			has[SymbolAbsent] = true
		} else {
			has[SymbolOffPost] = true
		}
	}
	var out []DaySymbol
	for _, s := range symbolOrder {
		if has[s] {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		out = []DaySymbol{SymbolNormal}
	}
	return out
}
