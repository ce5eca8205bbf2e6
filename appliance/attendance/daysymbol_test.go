package attendance

import (
	"slices"
	"testing"
	"time"
)

// TestDaySymbols: the office grid's word for a day summarises what
// JudgeDay decided, worst first. Standard preset, a winter Tuesday
// (8:30–12:00, 14:00–17:30; regulation 000 第三篇 一).
func TestDaySymbols(t *testing.T) {
	const day = "2026-03-10"
	p := standardPreset()
	full := []string{"08:20", "12:05", "13:55", "17:35"}
	off := func(minutes int) []OffPostEvent {
		return []OffPostEvent{{Start: jAt(day, "09:00"), Duration: time.Duration(minutes) * time.Minute}}
	}
	for _, tc := range []struct {
		name    string
		reg     string // the regulation the verdict comes from
		working bool
		workday bool // what the calendar says (differs when a day is not judged for the person)
		marks   []string
		covers  []Cover
		offPost []OffPostEvent
		want    []DaySymbol
	}{
		{"four punches on time", "004 line 351: 半天签到、签退一次计出勤半天", true, true, full, nil, nil, []DaySymbol{SymbolNormal}},
		{"late in the morning", "000 line 84: 上午8:30至12:00", true, true, []string{"08:41", "12:05", "13:55", "17:35"}, nil, nil, []DaySymbol{SymbolLate}},
		{"early out in the afternoon", "000 line 84", true, true, []string{"08:20", "12:05", "13:55", "17:10"}, nil, nil, []DaySymbol{SymbolEarly}},
		{"late and early", "000 line 102: 遲到或早退", true, true, []string{"08:41", "12:05", "13:55", "17:10"}, nil, nil, []DaySymbol{SymbolLate, SymbolEarly}},
		{"one punch of the afternoon missing", "000 line 104: 未簽到", true, true, []string{"08:20", "12:05", "13:55"}, nil, nil, []DaySymbol{SymbolMissed}},
		{"no punch in the afternoon", "004 line 352: 既无签到又无签退……计旷工一次", true, true, []string{"08:20", "12:05"}, nil, nil, []DaySymbol{SymbolAbsent}},
		{"no punch at all", "004 line 352", true, true, nil, nil, nil, []DaySymbol{SymbolAbsent}},
		{"on leave all day", "003 line 233: 履行请假手续", true, true, nil, []Cover{jLeave(day, "personal", "08:00", "18:00")}, nil, []DaySymbol{SymbolLeave}},
		{"leave in the morning, late after", "003 line 233", true, true, []string{"14:20", "17:35"}, []Cover{jLeave(day, "sick", "08:00", "12:30")}, nil, []DaySymbol{SymbolLate, SymbolLeave}},
		{"an errand in the morning", "003 line 233: 提前向……督查科备案", true, true, []string{"13:55", "17:35"}, []Cover{jErrand(day, "08:00", "12:30")}, nil, []DaySymbol{SymbolErrand}},
		{"off post 30 minutes", "000 line 103: 擅離工作崗位", true, true, full, nil, off(30), []DaySymbol{SymbolOffPost}},
		{"off post 150 minutes", "000 line 103: 超過2小時的計曠工半天", true, true, full, nil, off(150), []DaySymbol{SymbolAbsent}},
		{"a Saturday", "004 line 349: 周六、日休息", false, false, nil, nil, nil, []DaySymbol{SymbolRest}},
		{"a working day not judged", "a day that has not ended", false, true, []string{"08:20"}, nil, nil, []DaySymbol{SymbolNone}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := JudgeDay(p, DayInput{Date: jDate(day), Working: tc.working, Punches: jMarks(day, tc.marks...), Covers: tc.covers, OffPost: tc.offPost})
			if got := DaySymbols(r, tc.workday); !slices.Equal(got, tc.want) {
				t.Errorf("%s (%s): %v, want %v", tc.name, tc.reg, got, tc.want)
			}
		})
	}
}
