package assess

import (
	"fmt"
	"testing"
	"time"

	"bianmin/appliance/attendance"
	"bianmin/appliance/intake"
	"bianmin/appliance/leave"
	"bianmin/appliance/store/storetest"
)

var shanghai = storetest.CST

// date is a moment "2026-11-03 08:45", or a day's midnight "2026-11-03".
func date(s string) time.Time {
	if len(s) == len("2006-01-02") {
		s += " 00:00"
	}
	return storetest.At(s)
}

// refs is a deduction list as "ref item points [consequence]" lines.
func refs(ds []Deduction) []string {
	var out []string
	for _, d := range ds {
		s := fmt.Sprintf("%s %s %d", d.Ref, d.Item, d.Points)
		if d.Consequence != "" {
			s += " " + string(d.Consequence)
		}
		out = append(out, s)
	}
	return out
}

func same(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func judgedDay(d string, points []attendance.PointResult, absent, offPostAbsent attendance.HalfDays, off ...attendance.OffPostResult) attendance.DayResult {
	return attendance.DayResult{Date: date(d), Status: attendance.DayJudged, Points: points, Absent: absent, OffPostAbsent: offPostAbsent, OffPost: off}
}

// Attendance feeds deductions from the judged month, one per event; the
// rows cite the regulation each line of the rule comes from.
func TestAttendanceDeductions(t *testing.T) {
	r := DefaultRules() // late 1, early 1, absence 5 a half-day, off-post 2
	late := attendance.PointResult{Key: "morning_in", Status: attendance.PointLate, Minutes: 25}
	early := attendance.PointResult{Key: "afternoon_out", Status: attendance.PointEarly, Minutes: 30}
	ok := attendance.PointResult{Key: "morning_out", Status: attendance.PointOK}
	for _, tc := range []struct {
		name, cite string
		m          attendance.MonthResult
		want       []string
	}{
		{"a late in-punch costs the late item's points", "regulation 000 line 141 不得無故遲到、早退",
			attendance.MonthResult{Days: []attendance.DayResult{judgedDay("2026-11-03", []attendance.PointResult{late, ok}, 0, 0)}},
			[]string{"att/2026-11-03/morning_in late 1"}},
		{"an early out-punch costs the early item's points", "regulation 000 line 141",
			attendance.MonthResult{Days: []attendance.DayResult{judgedDay("2026-11-04", []attendance.PointResult{early}, 0, 0)}},
			[]string{"att/2026-11-04/afternoon_out early 1"}},
		{"absence costs per half-day, sessions and off-post over the limit together", "regulation 000 lines 97–104 (曠工; 擅離工作崗位超過2小時的計曠工半天)",
			attendance.MonthResult{Days: []attendance.DayResult{judgedDay("2026-11-05", nil, 1, 1, attendance.OffPostResult{Start: date("2026-11-05 14:40"), Minutes: 150, Absent: 1})}},
			[]string{"att/2026-11-05/absence absence 10"}},
		{"an off-post record under the limit is 脱岗, not absence", "regulation 003 line 310 不进行备案的记为脱岗",
			attendance.MonthResult{Days: []attendance.DayResult{judgedDay("2026-11-06", nil, 0, 0, attendance.OffPostResult{Start: date("2026-11-06 10:00"), Minutes: 45})}},
			[]string{"att/2026-11-06/off_post/1000 off_post 2"}},
		{"the month's late/early escalation is absence too, once", "regulation 000 line 102 當月遲到或早退4次以上的計曠工半天",
			attendance.MonthResult{Late: 4, LateEarlyAbsent: 1, Days: []attendance.DayResult{
				judgedDay("2026-11-09", []attendance.PointResult{late}, 0, 0), judgedDay("2026-11-10", []attendance.PointResult{late}, 0, 0),
				judgedDay("2026-11-11", []attendance.PointResult{late}, 0, 0), judgedDay("2026-11-12", []attendance.PointResult{late}, 0, 0)}},
			[]string{"att/2026-11-09/morning_in late 1", "att/2026-11-10/morning_in late 1", "att/2026-11-11/morning_in late 1", "att/2026-11-12/morning_in late 1",
				"att/2026-11/late_early absence 5"}},
		{"missed sign-ins escalate to absence", "regulation 000 line 104 累計未簽到4次計曠工半天",
			attendance.MonthResult{Missed: 4, MissedAbsent: 1, Days: []attendance.DayResult{judgedDay("2026-11-30", nil, 0, 0)}},
			[]string{"att/2026-11/missed absence 5"}},
		{"a day not judged (holiday, before go-live) deducts nothing", "DOMAIN.md line 47 (working days follow the national calendar)",
			attendance.MonthResult{Days: []attendance.DayResult{{Date: date("2026-11-07"), Status: attendance.DayNotJudged, Points: []attendance.PointResult{late}}}},
			nil},
	} {
		got := refs(AttendanceDeductions(r, tc.m, "2026-11"))
		if !same(got, tc.want) {
			t.Errorf("%s (%s):\n got %q\nwant %q", tc.name, tc.cite, got, tc.want)
		}
	}
	// An item switched off feeds nothing.
	off := DefaultRules()
	for i := range off.Items {
		if off.Items[i].Feed == FeedLate {
			off.Items[i].Off = true
		}
	}
	if got := AttendanceDeductions(off, attendance.MonthResult{Days: []attendance.DayResult{judgedDay("2026-11-03", []attendance.PointResult{late}, 0, 0)}}, "2026-11"); len(got) != 0 {
		t.Errorf("late switched off: %q", refs(got))
	}
}

// Leave returned late (超假) costs the overstay item once per leave.
func TestOverstayDeductions(t *testing.T) {
	r := DefaultRules()
	from, to := date("2026-11-01"), date("2026-12-01")
	for _, tc := range []struct {
		name, cite string
		l          leave.Leave
		want       []string
	}{
		{"closed two hours after its end", "regulation 000 line 100 無正當理由超假不歸的",
			leave.Leave{ID: 4, Status: leave.StatusApproved, End: date("2026-11-12 12:00"), OverstayMinutes: 120}, []string{"leave/4/overstay overstay 2"}},
		{"back on time", "regulation 000 line 100",
			leave.Leave{ID: 5, Status: leave.StatusApproved, End: date("2026-11-12 12:00")}, nil},
		{"ended in the month before: that month's", "regulation 000 line 100",
			leave.Leave{ID: 6, Status: leave.StatusApproved, End: date("2026-10-30 17:30"), OverstayMinutes: 600}, nil},
		{"a withdrawn request covers nothing and overstays nothing", "regulation 003 line 161 凡不按规定履行请假手续的,按旷工处理 (attendance's)",
			leave.Leave{ID: 7, Status: leave.StatusWithdrawn, End: date("2026-11-12 12:00"), OverstayMinutes: 60}, nil},
	} {
		if got := refs(OverstayDeductions(r, []leave.Leave{tc.l}, from, to)); !same(got, tc.want) {
			t.Errorf("%s (%s): got %q, want %q", tc.name, tc.cite, got, tc.want)
		}
	}
}

// Cases: overdue decisions and failed one-time notices, the latter
// escalating by their count in the year.
func TestCaseDeductions(t *testing.T) {
	r := DefaultRules() // overdue 2, notice 1
	notice := func(id uint64, due string) intake.OverdueEvent {
		return intake.OverdueEvent{CaseID: id, Number: fmt.Sprint("N", id), Kind: intake.DueNotice, DueDate: due, OwnerStaffID: 9}
	}
	decision := intake.OverdueEvent{CaseID: 3, Number: "C3", Kind: intake.DueDecision, DueDate: "2026-11-20", OwnerStaffID: 9}
	for _, tc := range []struct {
		name, cite string
		events     []intake.OverdueEvent
		prior      int
		want       []string
	}{
		{"a decision past its promised limit", "regulation 003 line 248 是否兑现服务承诺办理时限",
			[]intake.OverdueEvent{decision}, 0, []string{"case/3/decision overdue 2"}},
		{"the first failed notice of the year: a verbal warning", "regulation 003 line 288 (−1) and line 328 出现一次,给予口头警告",
			[]intake.OverdueEvent{notice(1, "2026-11-05")}, 0, []string{"case/1/notice notice 1 warning"}},
		{"the second: an admonishment talk", "regulation 003 line 328 出现2次,实行诫勉谈话; 004 line 341",
			[]intake.OverdueEvent{notice(2, "2026-11-05")}, 1, []string{"case/2/notice notice 1 admonish"}},
		{"the third and after: back to the home unit", "regulation 003 line 328 出现3次,退回原所在单位",
			[]intake.OverdueEvent{notice(4, "2026-11-05"), notice(5, "2026-11-09")}, 1, []string{"case/4/notice notice 1 admonish", "case/5/notice notice 1 send_back"}},
		{"a case listed twice (met late, and still in the due index) counts once", "regulation 003 line 288 每次扣1分",
			[]intake.OverdueEvent{decision, decision}, 0, []string{"case/3/decision overdue 2"}},
	} {
		if got := refs(CaseDeductions(r, tc.events, tc.prior)); !same(got, tc.want) {
			t.Errorf("%s (%s): got %q, want %q", tc.name, tc.cite, got, tc.want)
		}
	}
}

// Ratings: each 差评 and a naming as 最不满意人员.
func TestRatingDeductions(t *testing.T) {
	r := DefaultRules() // 差评 2, 最不满意人员 5
	bad := BadRating{Seq: 12, At: date("2026-11-18 10:05"), Level: "very_dissatisfied", Window: 3}
	for _, tc := range []struct {
		name, cite string
		bad        []BadRating
		named      string
		want       []string
	}{
		{"each 差评", "DOMAIN.md line 96; GB/T 39734-2020 (the two lowest levels are 差评)",
			[]BadRating{bad}, "", []string{"rating/12 bad_rating 2"}},
		{"named 最不满意人员 in the month's appraisal", "regulation 001 line 229",
			nil, "2026-11", []string{"appraisal/2026-11 least_liked 5"}},
		{"no 差评, not named", "DOMAIN.md line 96", nil, "", nil},
	} {
		if got := refs(RatingDeductions(r, tc.bad, tc.named, shanghai)); !same(got, tc.want) {
			t.Errorf("%s (%s): got %q, want %q", tc.name, tc.cite, got, tc.want)
		}
	}
}

// The presets' conduct items are regulation 003's own points (lines
// 277–288, DOMAIN.md lines 99–103).
func TestPresetConductPoints(t *testing.T) {
	want := map[string]int{"uniform": 1, "conduct": 1, "games": 5, "outsider": 1, "desk": 1, "drinking": 20, "quarrel": 10, "computer_on": 2, "software": 5, "answer": 1}
	for _, key := range PresetKeys() {
		r, ok := PresetRules(key)
		if !ok {
			t.Fatalf("preset %s missing", key)
		}
		if err := r.Validate(); err != nil {
			t.Errorf("preset %s: %v", key, err)
		}
		for k, p := range want {
			if it, ok := r.Item(k); !ok || it.Points != p || it.Cite.File != "003" {
				t.Errorf("preset %s item %s: %+v, want %d points citing 003", key, k, it, p)
			}
		}
	}
}

// 4 late, early or off-post in a month send the person back, where the
// center has that rule (the county preset).
func TestSendBackByAttendance(t *testing.T) {
	county, _ := PresetRules(PresetCounty)
	ev := func(f Feed, n int) Deduction { return Deduction{Feed: f, Count: n} }
	for _, tc := range []struct {
		name, cite string
		r          Rules
		ds         []Deduction
		want       bool
	}{
		{"2 late, 1 early, 1 off post", "regulation 003 line 311 当月考勤统计中出现4次迟到或早退、脱岗的,对违规人员作退回处理",
			county, []Deduction{ev(FeedLate, 1), ev(FeedLate, 1), ev(FeedEarly, 1), ev(FeedOffPost, 1)}, true},
		{"3 and an absence (absence is not counted here)", "regulation 003 line 311",
			county, []Deduction{ev(FeedLate, 1), ev(FeedLate, 1), ev(FeedEarly, 1), ev(FeedAbsence, 2)}, false},
		{"a center without the rule", "DOMAIN.md line 106 (one center's rule)",
			DefaultRules(), []Deduction{ev(FeedLate, 1), ev(FeedLate, 1), ev(FeedEarly, 1), ev(FeedOffPost, 1)}, false},
	} {
		if got := SendBackByAttendance(tc.r, tc.ds); got != tc.want {
			t.Errorf("%s (%s): %v, want %v", tc.name, tc.cite, got, tc.want)
		}
	}
}
