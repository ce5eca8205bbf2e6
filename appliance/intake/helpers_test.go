package intake

import (
	"os"
	"testing"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/calendar"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
	"bianmin/appliance/store/storetest"
)

// cst and at: the center's zone, and a moment in it ("2026-09-24 09:00").
var (
	cst = storetest.CST
	at  = storetest.At
)

// fixture is a store with the shipped 2026 holiday notice, two units
// (民政办 with windows 1 and 2, 社保所 with window 3), staff of each, and a
// catalog of two items; the clock at 2026-09-24 09:00 unless moved.
type fixture struct {
	t        testing.TB
	db       *store.DB
	svc      *Service
	cal      *calendar.Calendar
	now      *time.Time
	civil    staff.Unit
	social   staff.Unit
	w1, w3   staff.Window
	clerk    staff.Staff // 民政办, window 1
	other    staff.Staff // 社保所, window 3
	subsidy  Item        // 承诺件, 5 working days, 民政办
	pension  Item        // 即办件, 社保所
	office   Actor
	receiver Actor // the clerk
	outsider Actor // the other unit's staff
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	now := at("2026-09-24 09:00")
	f := &fixture{t: t, now: &now}
	db := storetest.Open(t, store.Options{Now: func() time.Time { return *f.now }, Location: cst})
	cal, err := calendar.Load(db, os.DirFS("../../embedded"), cst)
	if err != nil {
		t.Fatal(err)
	}
	f.db, f.cal, f.svc = db, cal, New(db, cal)
	reg := staff.New(db)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	f.civil, err = reg.CreateUnit("t", staff.Unit{Name: "民政办", Active: true})
	must(err)
	f.social, err = reg.CreateUnit("t", staff.Unit{Name: "社保所", Active: true})
	must(err)
	f.w1, err = reg.CreateWindow("t", staff.Window{Number: 1, Name: "民政", UnitID: f.civil.ID, Active: true})
	must(err)
	w2, err := reg.CreateWindow("t", staff.Window{Number: 2, Name: "民政二", UnitID: f.civil.ID, Active: true})
	must(err)
	f.w3, err = reg.CreateWindow("t", staff.Window{Number: 3, Name: "社保", UnitID: f.social.ID, Active: true})
	must(err)
	f.clerk, err = reg.CreateStaff("t", staff.Staff{StaffNo: "M01", Name: "王芳", UnitID: f.civil.ID, WindowID: f.w1.ID, Post: staff.PostA, Position: staff.PositionStaff, StartDate: "2026-01-01"})
	must(err)
	f.other, err = reg.CreateStaff("t", staff.Staff{StaffNo: "S01", Name: "李强", UnitID: f.social.ID, WindowID: f.w3.ID, Post: staff.PostA, Position: staff.PositionStaff, StartDate: "2026-01-01"})
	must(err)
	f.office = Actor{Name: "office", Role: account.RoleOffice}
	f.receiver = Actor{Name: "wangfang", Role: account.RoleStaff, StaffID: f.clerk.ID}
	f.outsider = Actor{Name: "liqiang", Role: account.RoleStaff, StaffID: f.other.ID}
	f.subsidy, err = f.svc.SaveItem(f.office, Item{Code: "MZ-001", Name: "临时救助申请", UnitID: f.civil.ID, WindowIDs: []uint64{f.w1.ID, w2.ID},
		LegalBasis: "《社会救助暂行办法》第四十七条", Content: "对遭遇突发困难的家庭给予临时救助", Procedure: "申请—受理—审核—审批—发放",
		Fee: "不收费", LegalDays: 20, PromisedDays: 5, Active: true,
		Materials: []Material{
			{Name: "申请书", Copies: 1, Original: true, Required: true},
			{Name: "身份证复印件", Copies: 1, Required: true},
			{Name: "委托书", Copies: 1, Original: true, Condition: "委托他人办理的"},
		}})
	must(err)
	f.pension, err = f.svc.SaveItem(f.office, Item{Code: "SB-002", Name: "城乡居民养老保险参保登记", UnitID: f.social.ID, WindowIDs: []uint64{f.w3.ID},
		LegalBasis: "《社会保险法》", Procedure: "当场办理", Fee: "不收费", Active: true,
		Materials: []Material{{Name: "户口簿", Copies: 1, Original: true, Required: true}}})
	must(err)
	return f
}

// validID is a resident ID number with a right check character
// (11010519491231002X, the standard's own example).
const validID = "11010519491231002X"

// register registers a subsidy case received by the clerk now, with the
// materials named.
func (f *fixture) register(days int, received ...string) Case {
	f.t.Helper()
	c, err := f.svc.Register(f.receiver, NewCase{ItemID: f.subsidy.ID, WindowID: f.w1.ID,
		Applicant: Applicant{Name: "张三", Phone: "13800138000", Village: "东村"}, IDNumber: validID, Received: received})
	if err != nil {
		f.t.Fatal(err)
	}
	if days != f.subsidy.PromisedDays {
		// another promise: a copy of the item with that limit
		it := f.subsidy
		it.ID, it.Code, it.PromisedDays = 0, it.Code+"-"+string(rune('0'+days)), days
		it, err = f.svc.SaveItem(f.office, it)
		if err != nil {
			f.t.Fatal(err)
		}
		c, err = f.svc.Register(f.receiver, NewCase{ItemID: it.ID, WindowID: f.w1.ID,
			Applicant: Applicant{Name: "张三", Phone: "13800138000"}, IDNumber: validID, Received: received})
		if err != nil {
			f.t.Fatal(err)
		}
	}
	return c
}

func (f *fixture) step(a Actor, id uint64, in StepInput) Case {
	f.t.Helper()
	c, err := f.svc.Step(a, id, in)
	if err != nil {
		f.t.Fatalf("%s: %v", in.Action, err)
	}
	return c
}

func day(t time.Time) string { return t.Format("2006-01-02") }
