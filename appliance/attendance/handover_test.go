package attendance

import (
	"testing"

	"bianmin/appliance/leave"
)

// TestJudgeHandover: "窗口頂崗人員到崗後,請假的工作人員才能離開工作崗位,否則視為
// 擅自離崗或曠工" (regulation 000 line 111; 003 line 320 "窗口替岗人员到岗后
// 工作人员才能离开"; 004 line 358 "须由单位派出代岗人员后,方可离岗,否则按旷工
// 论处"); issue #11 item 4: the substitute must punch in before the
// leaver's departure punch; if the leaver punches out first, or the
// substitute never punches in, the window is uncovered and the departure
// is absence. Standard preset, 4 May 2026 (afternoon 14:30–18:00).
func TestJudgeHandover(t *testing.T) {
	p, _ := PresetByKey("standard")
	const day = "2026-05-04"
	cases := []struct {
		name       string
		start      string // the leave's first working moment
		leaver     []string
		substitute []string
		now        string
		status     HandoverStatus
		cause      string
		absent     HalfDays
	}{
		{"substitute first, leave from the session start", "14:30", []string{"14:25"}, []string{"14:20"}, "18:30", HandoverCovered, "", 0},
		{"leaver punches out first", "14:30", []string{"14:25"}, []string{"14:28"}, "18:30", HandoverUncovered, CauseLeftFirst, 1},
		{"leaver left first: at once, before the window ends", "14:30", []string{"14:25"}, nil, "14:26", HandoverUncovered, CauseLeftFirst, 1},
		{"mid-session: substitute before the departure", "16:00", []string{"14:25", "16:02"}, []string{"15:55"}, "18:30", HandoverCovered, "", 0},
		{"mid-session: departure before the substitute", "16:00", []string{"14:25", "15:50"}, []string{"15:55"}, "18:30", HandoverUncovered, CauseLeftFirst, 1},
		{"mid-session: the arrival alone is no departure", "16:00", []string{"14:25"}, nil, "15:00", HandoverWaiting, "", 0},
		{"mid-session: began, no substitute yet (no absence while the window lasts)", "16:00", []string{"14:25"}, nil, "16:30", HandoverUncovered, CauseNoSubstitute, 0},
		{"mid-session: no substitute all afternoon", "16:00", []string{"14:25"}, nil, "23:00", HandoverUncovered, CauseNoSubstitute, 1},
		{"mid-session: substitute late, leaver still on post", "16:00", []string{"14:25"}, []string{"16:10"}, "18:30", HandoverCovered, "", 0},
		{"whole day: substitute at 08:20", "08:30", nil, []string{"08:20"}, "12:00", HandoverCovered, "", 0},
		{"the substitute's morning punch does not cover the afternoon", "14:30", nil, []string{"08:20", "12:01"}, "23:00", HandoverUncovered, CauseNoSubstitute, 1},
		{"before the leave begins", "14:30", nil, nil, "13:30", HandoverWaiting, "", 0},
	}
	for _, tc := range cases {
		l := leave.Leave{ID: 7, StaffID: 1, SubstituteID: 2}
		h := JudgeHandover(p, l, jAt(day, tc.start), jMarks(day, tc.leaver...), jMarks(day, tc.substitute...), jAt(day, tc.now), 1)
		if h.Status != tc.status || h.Cause != tc.cause || h.Absent != tc.absent {
			t.Errorf("%s: %s %q absent %v, want %s %q %v", tc.name, h.Status, h.Cause, h.Absent, tc.status, tc.cause, tc.absent)
		}
		if h.Status == HandoverUncovered && (h.From.IsZero() || !h.To.After(h.From)) {
			t.Errorf("%s: uncovered window %v–%v", tc.name, h.From, h.To)
		}
	}
}

// TestJudgeDayUncoveredAndOverstay: an uncovered departure turns its
// session from leave into absence (000 line 111); an absent session in an
// overstay says 超假 (000 line 100 "無正當理由超假不歸的"); off the post on
// approved leave is not 脱岗.
func TestJudgeDayUncoveredAndOverstay(t *testing.T) {
	p, _ := PresetByKey("standard")
	const day = "2026-05-04"
	in := DayInput{Date: jDate(day), Working: true, Punches: jMarks(day, "08:25", "12:02", "14:25"),
		Covers:    []Cover{jLeave(day, "personal", "14:30", "2026-05-05 18:00")},
		Uncovered: []Uncovered{{At: jAt(day, "14:25"), Halves: 1, Remark: Remark{Key: "attendance.remark.handover_left_first"}}},
		OffPost:   []OffPostEvent{{Start: jAt(day, "15:00"), Duration: 3 * 3600e9}}}
	r := JudgeDay(p, in)
	if r.UncoveredAbsent != 1 || r.Leave["personal"] != 0 || r.Sessions[1].Status != SessionAbsent || r.OffPostAbsent != 0 {
		t.Errorf("uncovered afternoon: %+v", r)
	}
	over := DayInput{Date: jDate("2026-05-06"), Working: true, Overstay: []Span{{Start: jAt("2026-05-05", "18:00"), End: jAt("2026-05-06", "14:30")}},
		Punches: jMarks("2026-05-06", "14:25", "18:01")}
	r = JudgeDay(p, over)
	if r.Sessions[0].Status != SessionAbsent || r.Sessions[0].Remark.Key != "attendance.remark.session_overstay" || r.Sessions[1].Status != SessionOK {
		t.Errorf("overstay morning: %+v", r.Sessions)
	}
	m := JudgeMonth(p, []DayInput{in, over})
	if m.UncoveredAbsent != 1 || m.Absent != 2 {
		t.Errorf("month: uncovered %v, absent %v; want 1 and 2 half-days", m.UncoveredAbsent, m.Absent)
	}
}
