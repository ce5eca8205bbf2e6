package attendance

import (
	"fmt"
	"testing"
	"time"

	"bianmin/appliance/calendar"
	"bianmin/appliance/decision"
	"bianmin/appliance/leave"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
	"bianmin/appliance/store/storetest"
	"bianmin/embedded"
)

// hallFixture is a store with five people in two units.
type hallFixture struct {
	db     *store.DB
	rs     *Records
	svc    *Service
	cal    *calendar.Calendar
	people []staff.Staff // QS001…QS005; QS001–QS003 in 民政办
	clock  *time.Time
}

func newHallFixture(t *testing.T) *hallFixture {
	t.Helper()
	f := &hallFixture{}
	clock := at("2026-03-09", "18:00:00")
	f.clock = &clock
	db := storetest.Open(t, store.Options{Now: func() time.Time { return *f.clock }})
	var err error
	f.db, f.rs, f.svc = db, NewRecords(db, shanghai, testCalendar), New(db, 0)
	reg := staff.New(db)
	u1 := mustValue(reg.CreateUnit("t", staff.Unit{Name: "民政办", Active: true}))
	u2 := mustValue(reg.CreateUnit("t", staff.Unit{Name: "社保所", Active: true}))
	for i := 1; i <= 5; i++ {
		u := u1
		if i > 3 {
			u = u2
		}
		f.people = append(f.people, mustValue(reg.CreateStaff("t", staff.Staff{StaffNo: fmt.Sprintf("QS%03d", i), Name: fmt.Sprintf("人员%d", i),
			UnitID: u.ID, Position: staff.PositionStaff, StartDate: "2026-01-01"})))
	}
	if f.cal, err = calendar.Load(nil, embedded.FS, shanghai); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *hallFixture) punch(t *testing.T, who int, day string, clocks ...string) {
	t.Helper()
	for _, c := range clocks {
		if _, _, err := f.svc.Record("device:fingerprint", Punch{StaffID: f.people[who].ID, Time: at(day, c), Source: SourceFingerprint, Quality: TimeSynced}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestHallMonthPages: the grid's read model pages by people (only the
// page's months are built), filters by unit and by a list, judges up to
// yesterday, and gives each day the symbols DaySymbols gives.
func TestHallMonthPages(t *testing.T) {
	f := newHallFixture(t)
	f.punch(t, 0, "2026-03-02", "08:20:00", "12:05:00", "13:55:00", "17:35:00")
	f.punch(t, 0, "2026-03-03", "08:41:00", "12:05:00", "13:55:00", "17:35:00")
	f.punch(t, 1, "2026-03-02", "08:20:00", "12:05:00", "13:55:00")
	q := HallMonthQuery{Year: 2026, Month: time.March, Today: at("2026-03-04", "10:00:00"), Page: 1, Size: 2}
	hm := mustValue(f.rs.HallMonth(q, f.cal))
	if hm.Total != 5 || hm.Pages != 3 || hm.Page != 1 || len(hm.Rows) != 2 || len(hm.Days) != 31 {
		t.Fatalf("page 1: total %d, pages %d, page %d, %d rows, %d days", hm.Total, hm.Pages, hm.Page, len(hm.Rows), len(hm.Days))
	}
	if hm.Rows[0].Staff.StaffNo != "QS001" || hm.Rows[1].Staff.StaffNo != "QS002" {
		t.Errorf("page 1 rows: %s %s", hm.Rows[0].Staff.StaffNo, hm.Rows[1].Staff.StaffNo)
	}
	want := map[int][]DaySymbol{ // day of March → QS001's symbols
		1: {SymbolRest}, 2: {SymbolNormal}, 3: {SymbolLate}, 4: {SymbolNone}, 5: {SymbolNone}, 7: {SymbolRest}}
	for d, w := range want {
		if got := hm.Rows[0].Days[d-1].Symbols; fmt.Sprint(got) != fmt.Sprint(w) {
			t.Errorf("QS001 on 3月%d日: %v, want %v", d, got, w)
		}
	}
	if got := hm.Rows[1].Days[1].Symbols; fmt.Sprint(got) != fmt.Sprint([]DaySymbol{SymbolMissed}) {
		t.Errorf("QS002 on 3月2日: %v, want missed", got)
	}
	if got := hm.Rows[1].Days[2].Symbols; fmt.Sprint(got) != fmt.Sprint([]DaySymbol{SymbolAbsent}) {
		t.Errorf("QS002 on 3月3日: %v, want absent", got)
	}
	if hm.Rows[0].Result.Late != 1 {
		t.Errorf("QS001's month: %d late, want 1", hm.Rows[0].Result.Late)
	}

	q.Page = 9 // clamped to the last page
	hm = mustValue(f.rs.HallMonth(q, f.cal))
	if hm.Page != 3 || len(hm.Rows) != 1 || hm.Rows[0].Staff.StaffNo != "QS005" {
		t.Errorf("last page: page %d, %d rows", hm.Page, len(hm.Rows))
	}
	q.Page, q.Size, q.Filter = 1, 0, HallFilter{UnitID: f.people[3].UnitID}
	if hm = mustValue(f.rs.HallMonth(q, f.cal)); hm.Total != 2 || len(hm.Rows) != 2 {
		t.Errorf("one unit: %d people", hm.Total)
	}
	q.Filter = HallFilter{StaffIDs: []uint64{f.people[4].ID, f.people[0].ID}}
	if hm = mustValue(f.rs.HallMonth(q, f.cal)); hm.Total != 2 || hm.Rows[0].Staff.StaffNo != "QS001" {
		t.Errorf("a list: %d people", hm.Total)
	}
	q.Filter = HallFilter{StaffIDs: []uint64{}}
	if hm = mustValue(f.rs.HallMonth(q, f.cal)); hm.Total != 0 {
		t.Errorf("an empty list keeps %d people", hm.Total)
	}
}

// TestHallToday: where everyone stands, by the rule in hall.go — leave or
// an errand covering the moment (or, before work starts, its start), a
// punch today, a session over with nothing (regulation 004 line 352:
// 既无签到又无签退……计旷工), or not in yet.
func TestHallToday(t *testing.T) {
	f := newHallFixture(t)
	const day = "2026-03-10" // a Tuesday
	*f.clock = at(day, "09:00:00")
	f.punch(t, 0, day, "08:21:00")
	lv := leave.New(f.db)
	mustValue(lv.Record("office", leave.Leave{StaffID: f.people[1].ID, Type: leave.TypePersonal, Start: at(day, "08:00:00"), End: at(day, "18:00:00")}))
	mustValue(f.rs.RegisterErrand("office", Errand{StaffID: f.people[2].ID, Start: at(day, "09:30:00"), End: at(day, "11:00:00"), Reason: "回单位交换文件"}))
	state := func(now string) []TodayState {
		ht := mustValue(f.rs.HallToday(HallFilter{}, at(day, now), f.cal))
		var out []TodayState
		for _, p := range ht.People {
			out = append(out, p.State)
		}
		return out
	}
	for _, tc := range []struct {
		now  string
		want []TodayState
	}{
		{"07:50:00", []TodayState{TodayNotIn, TodayLeave, TodayNotIn, TodayNotIn, TodayNotIn}}, // before work: the leave from 08:00 counts
		{"10:00:00", []TodayState{TodayIn, TodayLeave, TodayErrand, TodayNotIn, TodayNotIn}},
		{"12:30:00", []TodayState{TodayIn, TodayLeave, TodayAbsent, TodayAbsent, TodayAbsent}}, // the morning is over
	} {
		*f.clock = at(day, tc.now)
		if got := state(tc.now); fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("at %s: %v, want %v", tc.now, got, tc.want)
		}
	}
	ht := mustValue(f.rs.HallToday(HallFilter{}, at(day, "10:00:00"), f.cal))
	if ht.Counts[TodayNotIn] != 2 || ht.People[1].LeaveType != string(leave.TypePersonal) || len(ht.People[0].Punches) != 1 {
		t.Errorf("counts %v, leave type %q, punches %d", ht.Counts, ht.People[1].LeaveType, len(ht.People[0].Punches))
	}
	if ht := mustValue(f.rs.HallToday(HallFilter{}, at("2026-03-14", "10:00:00"), f.cal)); ht.Working || len(ht.People) != 0 {
		t.Errorf("a Saturday: working %v, %d people", ht.Working, len(ht.People))
	}
}

// TestWaiting counts the pending remedies and objections by the decision
// indexes, within a scope.
func TestWaiting(t *testing.T) {
	f := newHallFixture(t)
	*f.clock = at("2026-03-04", "10:00:00")
	f.punch(t, 0, "2026-03-03", "08:20:00", "12:05:00", "13:55:00")
	r := mustValue(f.rs.RequestRemedy("staff", Remedy{StaffID: f.people[0].ID, Date: "2026-03-03", Point: "afternoon_out", Reason: "指纹机没有识别"}))
	if w := mustValue(f.rs.Waiting(decisionAll())); w.Remedies != 1 || w.Total() != 1 {
		t.Fatalf("waiting %+v, want 1 remedy", w)
	}
	if w := mustValue(f.rs.Waiting(decisionOf(f.people[1].ID))); w.Total() != 0 {
		t.Errorf("someone else's scope sees %+v", w)
	}
	mustValue(f.rs.DecideRemedy("office", r.ID, true, ""))
	if w := mustValue(f.rs.Waiting(decisionAll())); w.Total() != 0 {
		t.Errorf("after the decision: %+v", w)
	}
	ran := mustValue(store.Read(f.db, func(tx *store.Tx) (bool, error) {
		return AnyPunchTx(tx, at("2026-03-03", "00:00:00"), at("2026-03-04", "00:00:00"))
	}))
	idle := mustValue(store.Read(f.db, func(tx *store.Tx) (bool, error) {
		return AnyPunchTx(tx, at("2026-03-04", "00:00:00"), at("2026-03-05", "00:00:00"))
	}))
	if !ran || idle {
		t.Errorf("AnyPunchTx: %v on the 3rd, %v on the 4th", ran, idle)
	}
}

func decisionAll() decision.Scope         { return decision.Scope{All: true} }
func decisionOf(id uint64) decision.Scope { return decision.Scope{Staff: []uint64{id}} }
