package attendance

import (
	"testing"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/calendar"
	"bianmin/appliance/center"
	"bianmin/appliance/leave"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
	"bianmin/appliance/store/storetest"
	"bianmin/embedded"
)

// TestMonthOnlyApprovedLeave: only approved leave removes punch
// requirements; pending, rejected and withdrawn leave never covers a day
// (issue #11 item 8; regulation 000 line 99 "請假未獲批準不上班的" is
// absence). Before the fix the month builder counted every leave record.
// Then a departure before the substitute punched in, and an overstay.
// March 2026, standard preset (afternoon 14:00–17:30 in winter).
func TestMonthOnlyApprovedLeave(t *testing.T) {
	clock := at("2026-03-01", "09:00:00")
	db := storetest.Open(t, store.Options{Now: func() time.Time { return clock }})
	cal, err := calendar.Load(nil, embedded.FS, shanghai)
	if err != nil {
		t.Fatal(err)
	}
	// Attendance live since 1 March (else it would start at the first
	// punch, 5 March, and the days before would not be judged at all).
	if err := center.New(db).Update("t", center.Settings{Name: "中心", GoLive: "2026-03-01"}); err != nil {
		t.Fatal(err)
	}
	reg := staff.New(db)
	u, _ := reg.CreateUnit("t", staff.Unit{Name: "民政办", Active: true})
	w, _ := reg.CreateWindow("t", staff.Window{Number: 1, Name: "民政", UnitID: u.ID, Active: true})
	liu := mustValue(reg.CreateStaff("t", staff.Staff{StaffNo: "QS004", Name: "刘芳", UnitID: u.ID, WindowID: w.ID, Post: staff.PostA, Position: staff.PositionStaff}))
	chen := mustValue(reg.CreateStaff("t", staff.Staff{StaffNo: "QS005", Name: "陈明", UnitID: u.ID, WindowID: w.ID, Post: staff.PostB, Position: staff.PositionStaff}))
	lv := leave.New(db).WithSchedule(LeaveScheduleFunc(cal))
	office := leave.Actor{Name: "office", Role: account.RoleOffice}
	file := func(day string) leave.Leave {
		r := mustValue(lv.Request(office, leave.RequestInput{StaffID: liu.ID, Type: leave.TypeBereavement, // statutory: outside the quota
			Start: at(day, "08:30:00"), End: at(day, "17:30:00"), SubstituteID: chen.ID}))
		return r.Leave
	}
	approve := func(l leave.Leave) leave.Leave {
		for _, s := range l.Steps {
			l = mustValue(lv.Approve(office, l.ID, s.Kind, leave.StepInput{}))
		}
		return l
	}
	file("2026-03-02")                                          // pending
	mustValue(lv.Reject(office, file("2026-03-03").ID, "人手不足")) // rejected
	mustValue(lv.Withdraw(office, file("2026-03-04").ID))       // withdrawn
	approve(file("2026-03-05"))                                 // approved, covered: 陈明 punched first
	approve(file("2026-03-06"))                                 // approved: 刘芳 left before 陈明 came
	late := approve(file("2026-03-10"))                         // approved, back a day late
	clock = at("2026-03-12", "09:00:00")
	svc := New(db, 0)
	punch := func(who staff.Staff, day, clock string) {
		mustValue2(svc.Record("device:fingerprint", Punch{StaffID: who.ID, Time: at(day, clock), Source: SourceFingerprint, Quality: TimeSynced}))
	}
	punch(chen, "2026-03-05", "08:10:00")
	punch(liu, "2026-03-05", "08:20:00")
	punch(liu, "2026-03-06", "08:20:00")
	punch(chen, "2026-03-06", "08:40:00")
	punch(chen, "2026-03-10", "08:15:00")
	mustValue(lv.Close(office, late.ID, at("2026-03-11", "17:30:00")))

	months, err := BuildMonthDB(db, MonthOptions{Year: 2026, Month: time.March, Preset: DefaultSettings().Preset, Location: shanghai, Calendar: cal})
	if err != nil {
		t.Fatal(err)
	}
	var m StaffMonth
	for _, sm := range months {
		if sm.Staff.ID == liu.ID {
			m = sm
		}
	}
	day := func(d int) DayResult { return m.Result.Days[d-1] }
	for _, c := range []struct {
		what   string
		d      int
		absent HalfDays
		leave  HalfDays
	}{
		{"2 Mar pending: absent", 2, 2, 0},
		{"3 Mar rejected: absent", 3, 2, 0},
		{"4 Mar withdrawn: absent", 4, 2, 0},
		{"5 Mar approved, substitute first: leave", 5, 0, 2},
		{"10 Mar approved, the substitute on post: leave", 10, 0, 2},
		{"11 Mar overstay: absent", 11, 2, 0},
	} {
		if got := day(c.d); got.Absent != c.absent || got.Leave["bereavement"] != c.leave {
			t.Errorf("%s: absent %v, leave %v; want %v, %v", c.what, got.Absent, got.Leave["bereavement"], c.absent, c.leave)
		}
	}
	if d := day(6); d.UncoveredAbsent != 1 || d.Leave["bereavement"] != 1 {
		t.Errorf("6 Mar, left before the substitute (000 line 111): uncovered %v, leave %v; want the morning absent, the afternoon on leave", d.UncoveredAbsent, d.Leave["bereavement"])
	}
	if r := day(11).Sessions[0].Remark.Key; r != "attendance.remark.session_overstay" {
		t.Errorf("11 Mar remark %s, want the overstay", r)
	}
}

func mustValue2[A, B any](a A, _ B, err error) A {
	if err != nil {
		panic(err)
	}
	return a
}
