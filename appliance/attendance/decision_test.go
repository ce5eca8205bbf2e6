package attendance

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"bianmin/appliance/decision"
	"bianmin/appliance/schema"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// pageFixture is a store with the real migrations, a clock the test moves,
// and five active staff members (QS101…QS105).
type pageFixture struct {
	t      *testing.T
	dir    string
	db     *store.DB
	rs     *Records
	now    *time.Time
	calls  int
	people []staff.Staff
}

func newPageFixture(t *testing.T) *pageFixture {
	t.Helper()
	f := &pageFixture{t: t, dir: t.TempDir(), now: new(time.Time)}
	*f.now = at("2026-04-20", "10:00:00")
	f.open()
	reg := staff.New(f.db)
	u, err := reg.CreateUnit("t", staff.Unit{Name: "民政办", Active: true})
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 5; i++ {
		s, err := reg.CreateStaff("t", staff.Staff{StaffNo: fmt.Sprintf("QS10%d", i), Name: fmt.Sprintf("员工%d", i),
			UnitID: u.ID, Post: staff.PostA, Position: staff.PositionStaff, StartDate: "2026-01-05"})
		if err != nil {
			t.Fatal(err)
		}
		f.people = append(f.people, s)
	}
	return f
}

func (f *pageFixture) open() {
	db, err := store.Open(f.dir, store.Options{Migrations: schema.Migrations(), Now: func() time.Time { return *f.now }, Location: shanghai})
	if err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() { db.Close() })
	f.db, f.rs = db, NewRecords(db, shanghai, testCalendar)
}

func (f *pageFixture) tick() { *f.now = f.now.Add(time.Minute) }

// dayAfter moves the clock to the evening after date, a minute later for
// each call so that the order of requests is kept.
func (f *pageFixture) dayAfter(date string) {
	f.calls++
	*f.now = at(date, "18:00:00").AddDate(0, 0, 1).Add(time.Duration(f.calls) * time.Minute)
}

// remedyIDs lists the ids of a page's rows.
func remedyIDs(rows []Remedy) []uint64 {
	var out []uint64
	for _, r := range rows {
		out = append(out, r.ID)
	}
	return out
}

// TestRemedyPage: the remedies page reads pending requests oldest date
// first and decisions newest first, for the people of the scope only,
// filtered by person and outcome, a page at a time; and it carries the
// form's quota, counted by the one quota rule (issue #5: three a month,
// a rejected request gives its place back).
func TestRemedyPage(t *testing.T) {
	f := newPageFixture(t)
	p := f.people
	type req struct {
		who      int
		date     string
		point    string
		decision string // "", approve, reject
	}
	reqs := []req{
		{0, "2026-03-03", "morning_in", "approve"},  // 1
		{1, "2026-03-02", "morning_in", ""},         // 2
		{2, "2026-03-05", "morning_out", "reject"},  // 3
		{0, "2026-03-02", "afternoon_in", ""},       // 4
		{3, "2026-03-04", "morning_in", "approve"},  // 5
		{1, "2026-03-06", "afternoon_out", ""},      // 6
		{4, "2026-02-27", "morning_in", "reject"},   // 7
		{0, "2026-03-09", "morning_out", "approve"}, // 8
	}
	for _, r := range reqs {
		f.dayAfter(r.date) // asked for on the next day, within RemedyDays
		if _, err := f.rs.RequestRemedy("t", Remedy{StaffID: p[r.who].ID, Date: r.date, Point: r.point, Reason: "指纹机故障"}); err != nil {
			t.Fatal(err)
		}
	}
	*f.now = at("2026-04-20", "10:00:00")
	// Decisions in another order than the requests: 5, 3, 8, 1, 7.
	for _, id := range []uint64{5, 3, 8, 1, 7} {
		f.tick()
		if _, err := f.rs.DecideRemedy("office", id, reqs[id-1].decision == "approve", "不符合补签条件"); err != nil {
			t.Fatal(err)
		}
	}
	everyone := decision.Scope{All: true}
	team := decision.Scope{Staff: []uint64{p[0].ID, p[1].ID, p[0].ID}} // a lead's team, the lead listed twice
	cases := []struct {
		name             string
		q                decision.Query
		pending, decided []uint64
		pendingTotal     int
		decidedTotal     int
	}{
		{"everyone", decision.Query{Scope: everyone}, []uint64{2, 4, 6}, []uint64{7, 1, 8, 3, 5}, 3, 5},
		{"a team", decision.Query{Scope: team}, []uint64{2, 4, 6}, []uint64{1, 8}, 3, 2},
		{"one's own", decision.Query{Scope: decision.Scope{Staff: []uint64{p[2].ID}}}, nil, []uint64{3}, 0, 1},
		{"nobody (an unlinked account)", decision.Query{}, nil, nil, 0, 0},
		{"one person of everyone", decision.Query{Scope: everyone, StaffID: p[0].ID}, []uint64{4}, []uint64{1, 8}, 1, 2},
		{"a person outside the scope", decision.Query{Scope: team, StaffID: p[3].ID}, nil, nil, 0, 0},
		{"rejected only", decision.Query{Scope: everyone, Outcome: string(StatusRejected)}, []uint64{2, 4, 6}, []uint64{7, 3}, 3, 2},
		{"approved only", decision.Query{Scope: everyone, Outcome: string(StatusApproved)}, []uint64{2, 4, 6}, []uint64{1, 8, 5}, 3, 3},
		{"pages of two, second", decision.Query{Scope: everyone, PageSize: 2, PendingPage: 2, DecidedPage: 2}, []uint64{6}, []uint64{8, 3}, 3, 5},
		{"a page past the end shows the last", decision.Query{Scope: everyone, PageSize: 2, PendingPage: 9, DecidedPage: 9}, []uint64{6}, []uint64{5}, 3, 5},
	}
	for _, tc := range cases {
		got, err := f.rs.RemedyPage(RemedyQuery{Query: tc.q})
		if err != nil {
			t.Fatal(err)
		}
		if ids := remedyIDs(got.Pending.Rows); !slices.Equal(ids, tc.pending) || got.Pending.Total != tc.pendingTotal {
			t.Errorf("%s: pending %v of %d, want %v of %d", tc.name, ids, got.Pending.Total, tc.pending, tc.pendingTotal)
		}
		if ids := remedyIDs(got.Decided.Rows); !slices.Equal(ids, tc.decided) || got.Decided.Total != tc.decidedTotal {
			t.Errorf("%s: decided %v of %d, want %v of %d", tc.name, ids, got.Decided.Total, tc.decided, tc.decidedTotal)
		}
		for _, r := range append(slices.Clone(got.Pending.Rows), got.Decided.Rows...) {
			if got.People[r.StaffID].ID != r.StaffID {
				t.Errorf("%s: the page does not name staff %d", tc.name, r.StaffID)
			}
		}
	}
	// The quota of the form's person and month: 员工1 has asked for three
	// in March (one approved, one pending, one approved), so March is full;
	// 员工3's one March request was rejected and does not count.
	for _, tc := range []struct {
		who  int
		date string
		want RemedyQuota
	}{
		{0, "2026-03-20", RemedyQuota{Month: "2026-03", Used: 3, Max: 3}},
		{2, "2026-03-20", RemedyQuota{Month: "2026-03", Used: 0, Max: 3}},
		{0, "2026-04-01", RemedyQuota{Month: "2026-04", Used: 0, Max: 3}},
	} {
		got, err := f.rs.RemedyPage(RemedyQuery{Query: decision.Query{Scope: everyone}, QuotaStaff: p[tc.who].ID, QuotaDate: tc.date})
		if err != nil || got.Quota == nil || *got.Quota != tc.want {
			t.Errorf("quota of %s on %s: %+v %v, want %+v", p[tc.who].Name, tc.date, got.Quota, err, tc.want)
		}
		if q, _ := f.rs.RemedyQuota(p[tc.who].ID, tc.date); q != tc.want {
			t.Errorf("RemedyQuota of %s on %s = %+v, want %+v", p[tc.who].Name, tc.date, q, tc.want)
		}
	}
	f.dayAfter("2026-03-20")
	_, err := f.rs.RequestRemedy("t", Remedy{StaffID: p[0].ID, Date: "2026-03-20", Point: "morning_in", Reason: "x"})
	if problemKey(err) != keyRemedyQuota {
		t.Errorf("a request over the quota the page showed as full: %v", err)
	}
	if got, _ := f.rs.RemedyPage(RemedyQuery{QuotaStaff: p[0].ID, QuotaDate: "2026-3-x"}); got.Quota != nil {
		t.Errorf("a quota for a date that is no date: %+v", got.Quota)
	}
}

// TestObjectionWindowRule: regulation 004 五、8 (004_0ab7b27ef5433bc6.txt
// line 361) "对公示的考勤结果有异议的,应在2日内提出,逾期视为无效异议": the
// window runs from the notice's publication for the settings' days,
// its last instant included.
func TestObjectionWindowRule(t *testing.T) {
	n := NoticeRef{ID: 3, PublishedAt: at("2026-03-09", "09:00:00"), WeekStart: "2026-03-02"}
	set := DefaultSettings()
	three := set
	three.ObjectionDays = 3
	cases := []struct {
		name string
		set  Settings
		n    NoticeRef
		now  time.Time
		want string
	}{
		{"004 五、8: at publication", set, n, at("2026-03-09", "09:00:00"), ""},
		{"004 五、8: within 2 days", set, n, at("2026-03-10", "18:00:00"), ""},
		{"004 五、8: the last instant of the 2 days", set, n, at("2026-03-11", "09:00:00"), ""},
		{"004 五、8: a second late is void", set, n, at("2026-03-11", "09:00:01"), keyObjectionLate},
		{"a center's own 3 days", three, n, at("2026-03-12", "08:59:00"), ""},
		{"before publication", set, n, at("2026-03-09", "08:59:00"), keyObjectionEarly},
		{"never published", set, NoticeRef{WeekStart: "2026-03-02"}, at("2026-03-09", "10:00:00"), keyObjectionEarly},
	}
	for _, tc := range cases {
		err := tc.set.CheckObjectionWindow(tc.n, tc.now, shanghai)
		if problemKey(err) != tc.want {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
		if tc.set.ObjectionOpen(tc.n, tc.now) != (tc.want == "") {
			t.Errorf("%s: ObjectionOpen disagrees with CheckObjectionWindow", tc.name)
		}
	}
	if d := set.ObjectionDeadline(n); !d.Equal(at("2026-03-11", "09:00:00")) {
		t.Errorf("deadline %v", d)
	}
	// Which notice covers a day: the newest publication of its week.
	first := NoticeRef{ID: 1, PublishedAt: at("2026-03-09", "09:00:00"), WeekStart: "2026-03-02"}
	fixed := NoticeRef{ID: 2, PublishedAt: at("2026-03-10", "09:00:00"), WeekStart: "2026-03-02"}
	other := NoticeRef{ID: 4, PublishedAt: at("2026-03-16", "09:00:00"), WeekStart: "2026-03-09"}
	list := NewestNoticesFirst([]NoticeRef{first, other, fixed})
	if ids := []uint64{list[0].ID, list[1].ID, list[2].ID}; !slices.Equal(ids, []uint64{4, 2, 1}) {
		t.Errorf("newest first: %v", ids)
	}
	for day, want := range map[string]uint64{"2026-03-02": 2, "2026-03-08": 2, "2026-03-09": 4, "2026-03-15": 4, "2026-03-16": 0, "2026-03-01": 0} {
		d, _ := time.ParseInLocation(dateLayout, day, shanghai)
		got, ok := NoticeCovering(list, d, shanghai)
		if got.ID != want || ok != (want != 0) {
			t.Errorf("notice covering %s: %d %v, want %d", day, got.ID, ok, want)
		}
	}
}

// TestDecisionIndexesMigration: a store whose records were written before
// the pending and decided indexes existed (schema version 1) gets them
// from migration 2, and its pages read the same as a store that wrote them
// all along.
func TestDecisionIndexesMigration(t *testing.T) {
	f := newPageFixture(t)
	p := f.people
	for i, day := range []string{"2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06", "2026-03-09"} {
		f.dayAfter(day)
		r, err := f.rs.RequestRemedy("t", Remedy{StaffID: p[i%3].ID, Date: day, Point: "morning_in", Reason: "指纹机故障"})
		if err != nil {
			t.Fatal(err)
		}
		if i%2 == 0 {
			f.tick()
			if _, err := f.rs.DecideRemedy("office", r.ID, i%4 == 0, "核实"); err != nil {
				t.Fatal(err)
			}
		}
	}
	*f.now = at("2026-04-20", "10:00:00")
	notice := NoticeRef{ID: 1, PublishedAt: f.now.Add(-time.Hour), WeekStart: "2026-04-13"}
	for i, day := range []string{"2026-04-13", "2026-04-14", "2026-04-15"} {
		f.tick()
		o, err := f.rs.FileObjection("t", Objection{StaffID: p[i].ID, Notice: notice, Date: day, Point: "morning_in", Reason: "当天在岗"})
		if err != nil {
			t.Fatal(err)
		}
		if i > 0 {
			if _, err := f.rs.RejectObjection("office", o.ID, "无依据"); err != nil {
				t.Fatal(err)
			}
		}
	}
	q := decision.Query{Scope: decision.Scope{All: true}}
	wantR, _ := f.rs.RemedyPage(RemedyQuery{Query: q})
	wantO, _ := f.rs.ObjectionPage(q)
	if wantR.Pending.Total != 3 || wantR.Decided.Total != 3 || wantO.Pending.Total != 1 || wantO.Decided.Total != 2 {
		t.Fatalf("before: remedies %d+%d, objections %d+%d", wantR.Pending.Total, wantR.Decided.Total, wantO.Pending.Total, wantO.Decided.Total)
	}
	// Back to schema version 1: the indexes gone, as an older bianmin left them.
	err := f.db.Update("t", func(tx *store.Tx) error {
		for _, b := range []string{"attendance.remedies", "attendance.objections"} {
			for _, idx := range []string{decision.PendingBucket(b), decision.DecidedBucket(b)} {
				if err := tx.Bolt().DeleteBucket([]byte(idx)); err != nil {
					return fmt.Errorf("%s: %w", idx, err)
				}
			}
		}
		return tx.Bolt().Bucket([]byte("meta")).Put([]byte("schema_version"), []byte("1"))
	})
	if err != nil {
		t.Fatal(err)
	}
	if gone, _ := f.rs.RemedyPage(RemedyQuery{Query: q}); gone.Pending.Total+gone.Decided.Total != 0 {
		t.Fatalf("the indexes were not removed")
	}
	f.db.Close()
	f.open()
	if v, _ := f.db.SchemaVersion(); v != schema.Latest() {
		t.Fatalf("schema version %d after reopening", v)
	}
	gotR, _ := f.rs.RemedyPage(RemedyQuery{Query: q})
	gotO, _ := f.rs.ObjectionPage(q)
	if !slices.Equal(remedyIDs(gotR.Pending.Rows), remedyIDs(wantR.Pending.Rows)) || !slices.Equal(remedyIDs(gotR.Decided.Rows), remedyIDs(wantR.Decided.Rows)) {
		t.Errorf("remedies after the migration: %v / %v, want %v / %v", remedyIDs(gotR.Pending.Rows), remedyIDs(gotR.Decided.Rows),
			remedyIDs(wantR.Pending.Rows), remedyIDs(wantR.Decided.Rows))
	}
	ids := func(os []Objection) (out []uint64) {
		for _, o := range os {
			out = append(out, o.ID)
		}
		return out
	}
	if !slices.Equal(ids(gotO.Pending.Rows), ids(wantO.Pending.Rows)) || !slices.Equal(ids(gotO.Decided.Rows), ids(wantO.Decided.Rows)) {
		t.Errorf("objections after the migration: %v / %v, want %v / %v", ids(gotO.Pending.Rows), ids(gotO.Decided.Rows), ids(wantO.Pending.Rows), ids(wantO.Decided.Rows))
	}
	// Deciding after the migration moves the record between the indexes.
	if _, err := f.rs.DecideRemedy("office", wantR.Pending.Rows[0].ID, true, ""); err != nil {
		t.Fatal(err)
	}
	after, _ := f.rs.RemedyPage(RemedyQuery{Query: q})
	if after.Pending.Total != 2 || after.Decided.Total != 4 || after.Decided.Rows[0].ID != wantR.Pending.Rows[0].ID {
		t.Errorf("after a decision: %d pending, %d decided, newest %v", after.Pending.Total, after.Decided.Total, remedyIDs(after.Decided.Rows))
	}
}
