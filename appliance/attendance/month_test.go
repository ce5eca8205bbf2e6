package attendance

import (
	"testing"
	"time"

	"bianmin/appliance/calendar"
	"bianmin/appliance/leave"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
	"bianmin/appliance/store/storetest"
	"bianmin/embedded"
)

// TestBuildMonth builds February 2026 for one person from every kind of
// record and checks the judgement counts by hand. February 2026 has 16
// working days: 春节 15–23 Feb off, 14 and 28 Feb make-up workdays
// (国办发明电〔2025〕7号). Standard preset (regulation 000 第三篇 七): 8:30–12:00,
// 14:00–17:30 in winter.
func TestBuildMonth(t *testing.T) {
	clock := at("2026-02-04", "18:00:00")
	db := storetest.Open(t, store.Options{Now: func() time.Time { return clock }, Location: shanghai})
	reg := staff.New(db)
	u, _ := reg.CreateUnit("t", staff.Unit{Name: "民政办", Active: true})
	wang, err := reg.CreateStaff("t", staff.Staff{StaffNo: "QS001", Name: "王建国", UnitID: u.ID, Position: staff.PositionStaff, StartDate: "2026-01-05"})
	if err != nil {
		t.Fatal(err)
	}
	rs := NewRecords(db, shanghai, testCalendar)
	// Registered on the evening before: an errand on 5 Feb, 08:00–12:30.
	mustValue(rs.RegisterErrand("office", Errand{StaffID: wang.ID, Start: at("2026-02-05", "08:00:00"), End: at("2026-02-05", "12:30:00"), Reason: "回单位交换文件"}))
	clock = at("2026-03-02", "18:00:00")

	svc := New(db, 0)
	full := []string{"08:20:00", "12:05:00", "13:55:00", "17:35:00"}
	punches := map[string][]string{
		"2026-02-02": full,
		"2026-02-03": full[:3],                                         // no sign-out: remedied below
		"2026-02-04": {"08:45:00", "12:05:00", "13:55:00", "17:35:00"}, // late: objection accepted below
		"2026-02-05": full[2:],                                         // morning on the errand
		"2026-02-06": full,                                             // off post 150 min
		"2026-02-09": full,                                             // off post 130 min, voided
		"2026-02-13": {"08:40:00", "12:05:00", "13:55:00", "17:35:00"}, // late, stands
	}
	for day, ps := range punches {
		for _, p := range ps {
			if _, _, err := svc.Record("device:fingerprint", Punch{StaffID: wang.ID, Time: at(day, p), Source: SourceFingerprint, Quality: TimeSynced}); err != nil {
				t.Fatal(err)
			}
		}
	}
	clock = at("2026-02-04", "09:00:00") // a remedy is asked for within days (RemedyDays)
	rem := mustValue(rs.RequestRemedy("staff:wang", Remedy{StaffID: wang.ID, Date: "2026-02-03", Point: "afternoon_out", Reason: "指纹机故障"}))
	mustValue(rs.DecideRemedy("office", rem.ID, true, ""))
	clock = at("2026-03-02", "18:00:00")
	mustValue(rs.RecordOffPost("inspector", OffPostRecord{StaffID: wang.ID, Start: at("2026-02-06", "09:00:00"), Minutes: 150}))
	op := mustValue(rs.RecordOffPost("inspector", OffPostRecord{StaffID: wang.ID, Start: at("2026-02-09", "10:00:00"), Minutes: 130}))
	n1 := NoticeRef{ID: 1, PublishedAt: at("2026-03-01", "09:00:00"), WeekStart: "2026-02-02"}
	n2 := NoticeRef{ID: 2, PublishedAt: at("2026-03-01", "09:00:00"), WeekStart: "2026-02-09"}
	o1 := mustValue(rs.FileObjection("staff:wang", Objection{StaffID: wang.ID, Notice: n1, Date: "2026-02-04", Point: "morning_in", Reason: "指纹机排队"}))
	o2 := mustValue(rs.FileObjection("staff:wang", Objection{StaffID: wang.ID, Notice: n2, Date: "2026-02-09", OffPostID: op.ID, Reason: "公务外出未及备案"}))
	mustValue(rs.AcceptObjection("office", o1.ID, Correction{}, ""))
	mustValue(rs.AcceptObjection("office", o2.ID, Correction{}, ""))
	lv := leave.New(db)
	// Two days of sick leave without a certificate count as personal leave
	// (regulation 000 七(二)7); one day needs none.
	mustValue(lv.Record("office", leave.Leave{StaffID: wang.ID, Type: leave.TypeSick, Start: at("2026-02-10", "08:30:00"), End: at("2026-02-11", "17:30:00")}))
	mustValue(lv.Record("office", leave.Leave{StaffID: wang.ID, Type: leave.TypeSick, Start: at("2026-02-12", "08:30:00"), End: at("2026-02-12", "17:30:00")}))

	cal, err := calendar.Load(nil, embedded.FS, shanghai)
	if err != nil {
		t.Fatal(err)
	}
	months, err := BuildMonthDB(db, MonthOptions{Year: 2026, Month: time.February, Preset: DefaultSettings().Preset, Location: shanghai, Calendar: cal})
	if err != nil || len(months) != 1 {
		t.Fatalf("months: %d, %v", len(months), err)
	}
	m := months[0].Result
	checks := []struct {
		what      string
		got, want any
	}{
		{"working days (16 in Feb 2026)", m.WorkingDays, 16},
		{"late: 13 Feb only (4 Feb corrected)", m.Late, 1},
		{"early", m.Early, 0},
		{"missed: 3 Feb remedied", m.Missed, 0},
		{"sessions absent: 14, 24–28 Feb with no punch", m.SessionAbsent, HalfDays(12)},
		{"off post: 6 Feb over 120 min; 9 Feb voided", m.OffPostAbsent, HalfDays(1)},
		{"absent in all", m.Absent, HalfDays(13)},
		{"personal leave: 10–11 Feb sick without certificate", m.Leave["personal"], HalfDays(4)},
		{"sick leave: 12 Feb", m.Leave["sick"], HalfDays(2)},
		{"errand: 5 Feb morning", m.Errand, HalfDays(1)},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: %v, want %v", c.what, c.got, c.want)
		}
	}
	keys := map[string]bool{}
	for _, r := range months[0].Remarks {
		keys[r.Key] = true
	}
	for _, k := range []string{remarkSickAsPersonal, remarkRemedies, remarkCorrections} {
		if !keys[k] {
			t.Errorf("no remark %s in %+v", k, months[0].Remarks)
		}
	}
}
