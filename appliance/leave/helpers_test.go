package leave

import (
	"testing"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/problem"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
	"bianmin/appliance/store/storetest"
)

// testSchedule is regulation 000 第二篇 七(一)1's hours (line 84: 8:30–12:00,
// 14:30–18:00) on Monday to Friday, with holidays and make-up Saturdays
// given by date; years before 2030 have holiday data.
type testSchedule struct {
	off, on map[string]bool
}

func (s testSchedule) WorkingPeriods(day time.Time) []Period {
	d := day.Format("2006-01-02")
	wd := day.Weekday()
	if s.off[d] || (wd == time.Saturday || wd == time.Sunday) && !s.on[d] {
		return nil
	}
	at := func(h, m int) time.Time { return time.Date(day.Year(), day.Month(), day.Day(), h, m, 0, 0, cst) }
	return []Period{{at(8, 30), at(12, 0)}, {at(14, 30), at(18, 0)}}
}
func (s testSchedule) HasYear(y int) bool       { return y < 2030 }
func (s testSchedule) Location() *time.Location { return cst }

// sched has Qingming 2026 (4–6 April) off.
var sched = testSchedule{off: map[string]bool{"2026-04-06": true}}

func scheduleFunc(*store.Tx) (Schedule, error) { return sched, nil }

// flowFixture is a store with units, windows and staff for the request
// flow, the clock at 2026-03-02 08:00 (a Monday) unless moved.
type flowFixture struct {
	t   *testing.T
	db  *store.DB
	svc *Service
	now *time.Time
	// 王建国 chief at window 1 with 李秀英 (B岗); 张伟 lead alone at window 2;
	// 刘芳 staff at window 3 with 陈明; 何平 with no window.
	wang, li, zhang, liu, chen, he staff.Staff
}

func newFlow(t *testing.T) *flowFixture {
	t.Helper()
	now := at("2026-03-02 08:00")
	f := &flowFixture{t: t, now: &now}
	db := storetest.Open(t, store.Options{Now: func() time.Time { return *f.now }})
	f.db, f.svc = db, New(db).WithSchedule(scheduleFunc)
	reg := staff.New(db)
	u, _ := reg.CreateUnit("t", staff.Unit{Name: "民政办", Active: true})
	var ws [3]staff.Window
	var err error
	for i := range ws {
		if ws[i], err = reg.CreateWindow("t", staff.Window{Number: i + 1, Name: "窗口", UnitID: u.ID, Active: true}); err != nil {
			t.Fatal(err)
		}
	}
	mk := func(no, name string, w uint64, pos staff.Position) staff.Staff {
		s, err := reg.CreateStaff("t", staff.Staff{StaffNo: no, Name: name, UnitID: u.ID, WindowID: w, Post: staff.PostA, Position: pos})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	f.wang = mk("QS001", "王建国", ws[0].ID, staff.PositionChief)
	f.li = mk("QS002", "李秀英", ws[0].ID, staff.PositionStaff)
	f.zhang = mk("QS003", "张伟", ws[1].ID, staff.PositionLead)
	f.liu = mk("QS004", "刘芳", ws[2].ID, staff.PositionStaff)
	f.chen = mk("QS005", "陈明", ws[2].ID, staff.PositionStaff)
	f.he = mk("QS017", "何平", 0, staff.PositionStaff)
	return f
}

var (
	office  = Actor{Name: "office", Role: account.RoleOffice}
	console = Actor{Name: "cli:root", Console: true}
)

// self is the staff member acting for themselves.
func self(s staff.Staff) Actor { return Actor{Name: s.StaffNo, Role: account.RoleStaff, StaffID: s.ID} }

// file files a request, failing the test on a refusal.
func (f *flowFixture) file(a Actor, in RequestInput) Leave {
	f.t.Helper()
	r, err := f.svc.Request(a, in)
	if err != nil {
		f.t.Fatalf("request %+v: %v", in, err)
	}
	return r.Leave
}

// req is a request of type t from start to end.
func req(s staff.Staff, t Type, start, end string) RequestInput {
	return RequestInput{StaffID: s.ID, Type: t, Start: at(start), End: at(end)}
}

// keyOf is the locale key of a refusal ("" for none).
func keyOf(err error) string {
	if err == nil {
		return ""
	}
	if p, ok := problem.As(err); ok {
		return p.Key
	}
	return err.Error()
}
