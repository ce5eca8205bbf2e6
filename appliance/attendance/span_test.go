package attendance

import (
	"testing"
	"time"

	"bianmin/appliance/center"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
	"bianmin/appliance/store/storetest"
)

func TestSpanOf(t *testing.T) {
	st := func(start, end string) staff.Staff { return staff.Staff{StartDate: start, EndDate: end} }
	for _, tc := range []struct {
		name         string
		st           staff.Staff
		goLive       string
		want         JudgedSpan
		empty, parts bool
	}{
		{"the whole month", st("2025-01-02", ""), "2025-06-01", JudgedSpan{From: "2026-03-01", To: "2026-03-31"}, false, false},
		{"joined on the 10th", st("2026-03-10", ""), "", JudgedSpan{From: "2026-03-10", To: "2026-03-31", Start: "2026-03-10"}, false, true},
		{"left on the 12th", st("2025-01-02", "2026-03-12"), "", JudgedSpan{From: "2026-03-01", To: "2026-03-12", End: "2026-03-12"}, false, true},
		{"went live on the 5th", st("2025-01-02", ""), "2026-03-05", JudgedSpan{From: "2026-03-05", To: "2026-03-31", GoLive: "2026-03-05"}, false, true},
		{"joined after go-live", st("2026-03-10", ""), "2026-03-05", JudgedSpan{From: "2026-03-10", To: "2026-03-31", Start: "2026-03-10"}, false, true},
		{"joined next month", st("2026-04-01", ""), "", JudgedSpan{}, true, false},
		{"left last month", st("2025-01-02", "2026-02-28"), "", JudgedSpan{}, true, false},
		{"goes live next month", st("2025-01-02", ""), "2026-04-01", JudgedSpan{}, true, false},
		{"one day", st("2026-03-31", ""), "", JudgedSpan{From: "2026-03-31", To: "2026-03-31", Start: "2026-03-31"}, false, true},
	} {
		got := SpanOf(tc.st, tc.goLive, "2026-03-01", "2026-03-31")
		if got != tc.want || got.Empty() != tc.empty || got.Partial() != tc.parts {
			t.Errorf("%s: %+v (empty %v, partial %v), want %+v", tc.name, got, got.Empty(), got.Partial(), tc.want)
		}
	}
}

// TestBuildMonthJudgesOnlyTheSpan: a person who joined on 10 March is not
// absent before it, one who left on 12 March is not absent after it, and
// nobody is judged before go-live; someone who left in February is not in
// March at all.
func TestBuildMonthJudgesOnlyTheSpan(t *testing.T) {
	clock := at("2026-04-01", "09:00:00")
	db := storetest.Open(t, store.Options{Now: func() time.Time { return clock }, Location: shanghai})
	reg := staff.New(db)
	u, _ := reg.CreateUnit("t", staff.Unit{Name: "民政办", Active: true})
	mk := func(no, start, end string) staff.Staff {
		s, err := reg.CreateStaff("t", staff.Staff{StaffNo: no, Name: "员工" + no, UnitID: u.ID, Position: staff.PositionStaff, StartDate: start, EndDate: end})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	always := mk("1", "2025-06-01", "")
	joined := mk("2", "2026-03-10", "")
	left := mk("3", "2025-06-01", "2026-03-12")
	mk("4", "2025-06-01", "2026-02-27")
	if err := center.New(db).Update("t", center.Settings{Name: "中心", GoLive: "2026-03-04"}); err != nil {
		t.Fatal(err)
	}
	months, err := BuildMonthDB(db, MonthOptions{Year: 2026, Month: time.March, Preset: DefaultSettings().Preset, Location: shanghai, Calendar: testCalendar})
	if err != nil {
		t.Fatal(err)
	}
	got := map[uint64]StaffMonth{}
	for _, m := range months {
		got[m.Staff.ID] = m
	}
	if len(months) != 3 {
		t.Fatalf("%d people in March, want 3 (the one who left in February is not)", len(months))
	}
	// March 2026 has 22 working days; go-live on Wed 4 March leaves 20.
	for _, tc := range []struct {
		who      staff.Staff
		days     int
		absent   HalfDays
		span     JudgedSpan
		excluded map[string]Exclusion
	}{
		{always, 20, 40, JudgedSpan{From: "2026-03-04", To: "2026-03-31", GoLive: "2026-03-04"},
			map[string]Exclusion{"2026-03-03": ExcludedBeforeGoLive, "2026-03-04": ""}},
		{joined, 16, 32, JudgedSpan{From: "2026-03-10", To: "2026-03-31", Start: "2026-03-10"},
			map[string]Exclusion{"2026-03-05": ExcludedBeforeStart, "2026-03-09": ExcludedBeforeStart, "2026-03-10": ""}},
		{left, 7, 14, JudgedSpan{From: "2026-03-04", To: "2026-03-12", GoLive: "2026-03-04", End: "2026-03-12"},
			map[string]Exclusion{"2026-03-12": "", "2026-03-13": ExcludedAfterEnd, "2026-03-02": ExcludedBeforeGoLive}},
	} {
		m := got[tc.who.ID]
		if m.Result.WorkingDays != tc.days || m.Result.SessionAbsent != tc.absent || m.Span != tc.span {
			t.Errorf("%s: %d working days, %s absent, span %+v; want %d, %s, %+v", tc.who.Name, m.Result.WorkingDays,
				m.Result.SessionAbsent, m.Span, tc.days, tc.absent, tc.span)
		}
		for _, d := range m.Result.Days {
			if want, ok := tc.excluded[d.Date.Format(dateLayout)]; ok && d.Excluded != want {
				t.Errorf("%s on %s: excluded %q, want %q", tc.who.Name, d.Date.Format(dateLayout), d.Excluded, want)
			}
		}
	}
	// The person's own month view: found, every day excluded, in February
	// for the one who joined in March.
	pm, err := NewRecords(db, shanghai, testCalendar).PersonMonth(joined.ID, 2026, time.February, at("2026-04-01", "00:00:00"), testCalendar)
	if err != nil || !pm.Found || pm.Result.WorkingDays != 0 || !pm.Span.Empty() {
		t.Errorf("February of someone who joined in March: found %v, %d days, span %+v, %v", pm.Found, pm.Result.WorkingDays, pm.Span, err)
	}
}

// TestGoLiveFallsBackToTheFirstPunch: with no go-live set, attendance
// starts on the day of the earliest punch stored.
func TestGoLiveFallsBackToTheFirstPunch(t *testing.T) {
	f := newFixture(t)
	read := func() string {
		s, err := store.Read(f.db, func(tx *store.Tx) (string, error) { return GoLiveTx(tx, shanghai) })
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if got := read(); got != "" {
		t.Fatalf("go-live with no punch = %q", got)
	}
	for _, p := range []string{"2026-02-26 08:00:00", "2026-02-25 00:30:00"} { // 00:30 in Shanghai is the 24th in UTC
		if _, _, err := f.svc.Record("d", Punch{StaffID: f.wang.ID, Time: at(p[:10], p[11:]), Source: SourceFingerprint}); err != nil {
			t.Fatal(err)
		}
	}
	if got := read(); got != "2026-02-25" {
		t.Errorf("go-live = %q, want the first punch's day 2026-02-25", got)
	}
	if err := center.New(f.db).Update("t", center.Settings{Name: "中心", GoLive: "2026-03-01"}); err != nil {
		t.Fatal(err)
	}
	if got := read(); got != "2026-03-01" {
		t.Errorf("go-live = %q, want the setting", got)
	}
}
