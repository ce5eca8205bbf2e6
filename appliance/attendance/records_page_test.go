package attendance

import (
	"slices"
	"testing"
	"time"

	"bianmin/appliance/decision"
)

// TestErrandPage: the errand page lists what has not ended (the ongoing
// one first) and a page of the past, newest first, back to
// ErrandHistoryDays, for the people of the scope — read by key range.
func TestErrandPage(t *testing.T) {
	f := newPageFixture(t)
	p := f.people
	register := func(clock string, who int, day, from, to string) {
		t.Helper()
		*f.now = at(clock[:10], clock[11:])
		if _, err := f.rs.RegisterErrand("office", Errand{StaffID: p[who].ID, Start: at(day, from), End: at(day, to), Reason: "回单位交换文件"}); err != nil {
			t.Fatal(err)
		}
	}
	register("2026-01-10 08:00:00", 0, "2026-01-10", "09:00:00", "10:00:00") // 1: older than the history
	register("2026-04-01 08:00:00", 0, "2026-04-01", "09:00:00", "11:00:00") // 2
	register("2026-04-01 08:00:00", 1, "2026-04-02", "14:00:00", "15:00:00") // 3
	register("2026-04-20 08:00:00", 0, "2026-04-20", "09:00:00", "12:00:00") // 4: ongoing at 10:00
	register("2026-04-20 08:00:00", 1, "2026-04-21", "09:00:00", "10:00:00") // 5: tomorrow
	register("2026-04-20 08:00:00", 2, "2026-04-20", "08:30:00", "09:30:00") // 6: ended at 09:30
	now := at("2026-04-20", "10:00:00")
	ids := func(es []Errand) (out []uint64) {
		for _, e := range es {
			out = append(out, e.ID)
		}
		return out
	}
	cases := []struct {
		name           string
		scope          decision.Scope
		page, size     int
		upcoming, past []uint64
		pastTotal      int
	}{
		{"everyone", decision.Scope{All: true}, 1, 50, []uint64{4, 5}, []uint64{6, 3, 2}, 3},
		{"a team", decision.Scope{Staff: []uint64{p[0].ID, p[1].ID}}, 1, 50, []uint64{4, 5}, []uint64{3, 2}, 2},
		{"someone with only a past errand", decision.Scope{Staff: []uint64{p[2].ID}}, 1, 50, nil, []uint64{6}, 1},
		{"pages of two, second", decision.Scope{All: true}, 2, 2, []uint64{4, 5}, []uint64{2}, 3},
	}
	for _, tc := range cases {
		got, err := f.rs.ErrandPage(tc.scope, now, tc.page, tc.size)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(ids(got.Upcoming), tc.upcoming) || !slices.Equal(ids(got.Past.Rows), tc.past) || got.Past.Total != tc.pastTotal {
			t.Errorf("%s: upcoming %v, past %v of %d; want %v, %v of %d", tc.name, ids(got.Upcoming), ids(got.Past.Rows), got.Past.Total,
				tc.upcoming, tc.past, tc.pastTotal)
		}
		for _, e := range append(slices.Clone(got.Upcoming), got.Past.Rows...) {
			if got.People[e.StaffID].ID != e.StaffID {
				t.Errorf("%s: staff %d unnamed", tc.name, e.StaffID)
			}
		}
	}
}

// TestOffPostMonth: the off-post page reads one month of the scope's
// records, newest first, each with the rules' verdict (regulation 003
// "(6)擅離工作崗位時間超過2小時的計曠工半天": 130 minutes is half a day of
// absence, 30 minutes is not).
func TestOffPostMonth(t *testing.T) {
	f := newPageFixture(t)
	p := f.people
	for _, r := range []struct {
		who     int
		start   time.Time
		minutes int
	}{
		{0, at("2026-04-01", "09:00:00"), 130},
		{1, at("2026-04-03", "10:00:00"), 30},
		{2, at("2026-03-31", "15:00:00"), 150},
	} {
		if _, err := f.rs.RecordOffPost("inspector", OffPostRecord{StaffID: p[r.who].ID, Start: r.start, Minutes: r.minutes}); err != nil {
			t.Fatal(err)
		}
	}
	april := time.Date(2026, time.April, 1, 0, 0, 0, 0, shanghai)
	m, err := f.rs.OffPostMonth(decision.Scope{All: true}, april)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Rows) != 2 || m.Rows[0].StaffID != p[1].ID || m.Rows[1].StaffID != p[0].ID {
		t.Fatalf("April: %+v", m.Rows)
	}
	if m.Verdicts[0].Absent != 0 || m.Verdicts[1].Absent != 1 {
		t.Errorf("verdicts: %+v", m.Verdicts)
	}
	if m.People[p[0].ID].Name != p[0].Name {
		t.Errorf("people: %v", m.People)
	}
	if own, _ := f.rs.OffPostMonth(decision.Scope{Staff: []uint64{p[2].ID}}, april); len(own.Rows) != 0 {
		t.Errorf("a March record in April: %+v", own.Rows)
	}
	if march, _ := f.rs.OffPostMonth(decision.Scope{Staff: []uint64{p[2].ID}}, april.AddDate(0, -1, 0)); len(march.Rows) != 1 {
		t.Errorf("March: %+v", march.Rows)
	}
}
