package attendance

import (
	"errors"
	"testing"
	"time"

	"bianmin/appliance/staff"
	"bianmin/appliance/store"
	"bianmin/appliance/store/storetest"
)

var shanghai = time.FixedZone("CST", 8*3600)

func at(day, hm string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04:05", day+" "+hm, shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

type fixture struct {
	db      *store.DB
	svc     *Service
	wang    staff.Staff
	retired staff.Staff
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	now := at("2026-03-02", "18:00:00")
	db := storetest.Open(t, store.Options{Now: func() time.Time { return now }, Location: shanghai})
	reg := staff.New(db)
	u, err := reg.CreateUnit("t", staff.Unit{Name: "民政办", Active: true})
	if err != nil {
		t.Fatal(err)
	}
	wang, err := reg.CreateStaff("t", staff.Staff{StaffNo: "QS001", Name: "王建国", UnitID: u.ID, Post: staff.PostA, Position: staff.PositionStaff, StartDate: "2026-01-05"})
	if err != nil {
		t.Fatal(err)
	}
	retired, _ := reg.CreateStaff("t", staff.Staff{StaffNo: "QS002", Name: "李秀英", UnitID: u.ID, Post: staff.PostA, Position: staff.PositionStaff, StartDate: "2026-01-05"})
	retired, err = reg.SetEndDate("t", retired.ID, "2026-02-27")
	if err != nil {
		t.Fatal(err)
	}
	return fixture{db: db, svc: New(db, 0), wang: wang, retired: retired}
}

func TestRecordAndDedupe(t *testing.T) {
	f := newFixture(t)
	first, dup, err := f.svc.Record("device:fingerprint", Punch{StaffID: f.wang.ID, Time: at("2026-03-02", "08:25:10"), Source: SourceFingerprint, Quality: TimeSynced, Score: 120})
	if err != nil || dup || first.ID != 1 {
		t.Fatalf("first punch: %+v dup=%v err=%v", first, dup, err)
	}
	cases := []struct {
		name string
		when time.Time
		dup  bool
	}{
		{"pressed again 59 s later", at("2026-03-02", "08:26:09"), true},
		{"pressed 1 s before (clock skew)", at("2026-03-02", "08:25:09"), true},
		{"61 s later is a new punch", at("2026-03-02", "08:26:11"), false},
		{"noon out", at("2026-03-02", "12:01:00"), false},
	}
	for _, tc := range cases {
		_, dup, err := f.svc.Record("device:fingerprint", Punch{StaffID: f.wang.ID, Time: tc.when, Source: SourceFingerprint, Quality: TimeSynced})
		if err != nil || dup != tc.dup {
			t.Errorf("%s: dup=%v err=%v, want dup=%v", tc.name, dup, err, tc.dup)
		}
	}
	got, err := f.svc.Punches(f.wang.ID, at("2026-03-02", "00:00:00"), at("2026-03-03", "00:00:00"))
	if err != nil || len(got) != 3 {
		t.Fatalf("day's punches = %d, %v; want 3", len(got), err)
	}
	all, _ := f.svc.Between(at("2026-03-02", "08:00:00"), at("2026-03-02", "09:00:00"), 0)
	if len(all) != 2 {
		t.Fatalf("between 8 and 9: %d punches, want 2", len(all))
	}
	if f.db.OutboxLen() < 3 {
		t.Fatalf("outbox has %d entries, want the punches in it", f.db.OutboxLen())
	}
	if res, _ := f.db.VerifyAudit(); !res.OK {
		t.Fatalf("audit chain: %+v", res)
	}
}

func TestRecordRefuses(t *testing.T) {
	f := newFixture(t)
	cases := []struct {
		name string
		p    Punch
		want error
	}{
		{"unknown staff", Punch{StaffID: 999, Time: at("2026-03-02", "08:00:00"), Source: SourceFingerprint}, ErrUnknownStaff},
		{"inactive staff", Punch{StaffID: f.retired.ID, Time: at("2026-03-02", "08:00:00"), Source: SourceFingerprint}, ErrInactiveStaff},
		{"manual without reason (the office must say why the machine failed)", Punch{StaffID: f.wang.ID, Time: at("2026-03-02", "08:00:00"), Source: SourceManual}, ErrReasonRequired},
		{"in the future", Punch{StaffID: f.wang.ID, Time: at("2026-03-02", "19:00:00"), Source: SourceFingerprint}, ErrFutureTime},
	}
	for _, tc := range cases {
		if _, _, err := f.svc.Record("office", tc.p); !errors.Is(err, tc.want) {
			t.Errorf("%s: err=%v, want %v", tc.name, err, tc.want)
		}
	}
	p, _, err := f.svc.Record("office", Punch{StaffID: f.wang.ID, Time: at("2026-03-02", "08:00:00"), Source: SourceManual, Reason: "指纹机故障"})
	if err != nil || !p.Flagged() || p.Quality != TimeUnsure {
		t.Fatalf("manual punch: %+v %v", p, err)
	}
}
