package rating

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/calendar"
	"bianmin/appliance/problem"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
	"bianmin/appliance/store/storetest"
	"bianmin/embedded"
)

var shanghai = time.FixedZone("CST", 8*3600)

type fixture struct {
	t   *testing.T
	db  *store.DB
	svc *Service
	now *time.Time
}

func newFixture(t *testing.T, now time.Time) *fixture {
	t.Helper()
	f := &fixture{t: t, now: &now}
	db := storetest.Open(t, store.Options{Now: func() time.Time { return *f.now }, Location: shanghai})
	cal, err := calendar.Load(nil, embedded.FS, shanghai)
	if err != nil {
		t.Fatal(err)
	}
	f.db, f.svc = db, New(db, cal)
	return f
}

func (f *fixture) rate(key string, staffID uint64, name string, l Level, at time.Time) Rating {
	f.t.Helper()
	r, err := f.svc.Rate(Decided{Ref: Ref{Key: key, Window: int(staffID), Ticket: key, Service: "社保", StaffID: staffID, Staff: name, UnitID: 1, Unit: "人社所"},
		Press: Press{Window: int(staffID), Level: l, At: at, Device: "test"}, Channel: ChannelButtons})
	if err != nil {
		f.t.Fatalf("rate %s: %v", key, err)
	}
	return r
}

func day(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

var office = Actor{Name: "office", Role: account.RoleOffice}

// A 差评 opens its follow-up due 5 working days later (issue 14 part 3;
// GB/T 39734-2020 9.3), a verification when the rater is unknown, a
// callback once a comment names them; a citizen rejects once and the
// director decides.
func TestBadRatingFollowUp(t *testing.T) {
	f := newFixture(t, day("2026-11-30 10:00"))
	r := f.rate("A001", 7, "王建国", VeryDissatisfied, day("2026-11-30 09:59"))
	if r.Code != "1" || r.Count != 1 {
		t.Errorf("rating code %q count %d, want 1 and 1 (非常不满意 uploads as 1 by default)", r.Code, r.Count)
	}
	f.rate("A002", 7, "王建国", Satisfied, day("2026-11-30 10:10"))
	var fu FollowUp
	_ = f.db.View(func(tx *store.Tx) (err error) { fu, err = FollowUpTx(tx, 1); return })
	if fu.Due != "2026-12-07" || fu.State != FUOpen || fu.NeedsCallback() {
		t.Fatalf("follow-up %+v, want open, due 2026-12-07 (5 working days after Mon 30 Nov), a verification", fu)
	}
	_ = f.db.View(func(tx *store.Tx) error {
		if _, err := FollowUpTx(tx, 2); !errors.Is(err, ErrNotFound) {
			t.Errorf("a 满意 opened a follow-up: %v", err)
		}
		return nil
	})
	if _, err := f.svc.AddComment("citizen", Comment{RatingSeq: 1, Options: []Option{OptAttitude}, Text: "态度不好", Rater: Rater{Name: "张三", Contact: "13800000000"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.AddComment("citizen", Comment{RatingSeq: 1, Text: "again"}); !problem.Is(err, "rating.err.comment_twice") {
		t.Errorf("second comment: %v, want comment_twice", err)
	}
	if _, err := f.svc.Rectify(office, 1, "x", "y"); !problem.Is(err, "rating.err.state") {
		t.Errorf("rectify before the callback: %v", err)
	}
	fu, err := f.svc.Check(office, 1, "电话回访,群众反映等候时间长")
	if err != nil || fu.Callback == nil || fu.Verification != nil {
		t.Fatalf("check: %+v %v, want a callback (the comment left a name and contact)", fu, err)
	}
	*f.now = day("2026-12-08 09:00")
	fu, err = f.svc.Rectify(office, 1, "调整窗口人员", "已告知群众")
	if err != nil || fu.State != FUClosed || !fu.Overdue("2026-12-08") {
		t.Fatalf("rectify: %+v %v, want closed and overdue (closed after its due day)", fu, err)
	}
	if _, err := f.svc.Reject(Actor{Name: "citizen"}, 1, "不认可"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Reject(Actor{Name: "citizen"}, 1, "还是不认可"); !problem.Is(err, "rating.err.reject_once") {
		t.Errorf("second rejection: %v, want reject_once", err)
	}
	if _, err := f.svc.DirectorDecide(office, 1, "x"); !problem.Is(err, "rating.err.not_allowed") {
		t.Errorf("the office decided for the director: %v", err)
	}
	fu, err = f.svc.DirectorDecide(Actor{Name: "director", Role: account.RoleDirector}, 1, "维持整改结果")
	if err != nil || fu.State != FUDecided {
		t.Fatalf("director: %+v %v", fu, err)
	}
}

// Ratings are append-only and hash-chained: one rating per service, and
// editing a stored entry breaks the chain from there.
func TestChain(t *testing.T) {
	f := newFixture(t, day("2026-11-30 10:00"))
	f.rate("A001", 7, "王建国", Basic, day("2026-11-30 09:00"))
	f.rate("A002", 7, "王建国", VeryDissatisfied, day("2026-11-30 09:10"))
	if _, err := f.svc.Rate(Decided{Ref: Ref{Key: "A001", Window: 7}, Press: Press{Level: Satisfied, At: day("2026-11-30 09:20")}}); !problem.Is(err, "rating.err.already_rated") {
		t.Errorf("second rating of A001: %v, want already_rated", err)
	}
	if _, err := f.svc.AddComment("citizen", Comment{RatingSeq: 2, Text: "慢"}); err != nil {
		t.Fatal(err)
	}
	res, err := f.svc.Verify()
	if err != nil || res.Entries != 3 || res.BrokenAt != 0 {
		t.Fatalf("verify %+v %v, want 3 entries, whole", res, err)
	}
	// Edit rating 1's level behind the domain's back.
	_ = f.db.Update("test", func(tx *store.Tx) error {
		b, _ := tx.Bucket(bucketChain)
		var e Entry
		_ = json.Unmarshal(b.Get(store.IDKey(1)), &e)
		e.Rating.Level = VerySatisfied
		data, _ := json.Marshal(e)
		return b.Put(store.IDKey(1), data)
	})
	if res, _ := f.svc.Verify(); res.BrokenAt != 1 {
		t.Errorf("after an edit, verify %+v, want broken at 1", res)
	}
}

// 最不满意人员 by the lowest rate among staff with at least N ratings;
// named 3 times (regulation 001 line 229) flags them.
func TestAppraisalAndFlag(t *testing.T) {
	f := newFixture(t, day("2026-09-01 09:00"))
	set := DefaultSettings()
	set.Rule.MinRatings = 3
	if _, err := f.svc.SaveSettings("office", set); err != nil {
		t.Fatal(err)
	}
	n := 0
	rateN := func(month string, staffID uint64, name string, good, bad int) {
		for i := range good + bad {
			n++
			l := Satisfied
			if i < bad {
				l = Dissatisfied
			}
			f.rate(fmt.Sprint("T", n), staffID, name, l, day(month+"-10 10:00").Add(time.Duration(n)*time.Minute))
		}
	}
	for _, m := range []string{"2026-09", "2026-10", "2026-11"} {
		rateN(m, 7, "王建国", 2, 2) // 50 %
		rateN(m, 8, "李秀英", 4, 0) // 100 %
		rateN(m, 9, "张伟", 0, 2)  // 0 %, but only 2 ratings: not a candidate
	}
	if _, err := f.svc.Appraise(office, "2026-09", nil, ""); !problem.Is(err, "rating.err.period_open") {
		t.Errorf("appraise a running month: %v", err)
	}
	*f.now = day("2026-12-01 09:00")
	var bad map[uint64]int
	_ = f.db.View(func(tx *store.Tx) (err error) { bad, err = BadCountsTx(tx, "2026-10"); return })
	if bad[7] != 2 || bad[9] != 2 || bad[8] != 0 {
		t.Errorf("差评 counts in October %v", bad)
	}
	for i, m := range []string{"2026-09", "2026-10", "2026-11"} {
		a, err := f.svc.Appraise(office, m, nil, "")
		if err != nil || len(a.Named) != 1 || a.Named[0].StaffID != 7 || a.Candidates != 2 {
			t.Fatalf("appraise %s: %+v %v, want 王建国 of 2 candidates", m, a, err)
		}
		var flags []Flag
		_ = f.db.View(func(tx *store.Tx) (err error) { flags, err = FlagsTx(tx, ""); return })
		if want := i == 2; (len(flags) == 1) != want {
			t.Errorf("after %d appraisals flags %+v, want flagged: %v", i+1, flags, want)
		}
	}
	if _, err := f.svc.Appraise(office, "2026-11", nil, ""); !problem.Is(err, "rating.err.appraised") {
		t.Errorf("second appraisal: %v", err)
	}
	var flags []Flag
	_ = f.db.View(func(tx *store.Tx) (err error) { flags, err = FlagsTx(tx, "2026-10-31"); return })
	if len(flags) != 0 {
		t.Errorf("flags as of October %+v, want none (two namings)", flags)
	}
}

func TestOfficeAppraisal(t *testing.T) {
	f := newFixture(t, day("2026-12-02 09:00"))
	reg := staff.New(f.db)
	u, _ := reg.CreateUnit("t", staff.Unit{Name: "民政办", Active: true})
	s, err := reg.CreateStaff("t", staff.Staff{StaffNo: "001", Name: "刘芳", UnitID: u.ID, Post: staff.PostA, Position: staff.PositionStaff})
	if err != nil {
		t.Fatal(err)
	}
	set := DefaultSettings()
	set.Rule = Rule{Kind: RuleOffice}
	if _, err := f.svc.SaveSettings("office", set); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Appraise(office, "2026-11", []uint64{s.ID}, ""); !problem.Is(err, "rating.err.note_empty") {
		t.Errorf("office appraisal without a note: %v", err)
	}
	a, err := f.svc.Appraise(office, "2026-11", []uint64{s.ID}, "中心月度评议会")
	if err != nil || len(a.Named) != 1 || a.Named[0].Staff != "刘芳" || a.Named[0].Unit != "民政办" {
		t.Fatalf("office appraisal %+v %v", a, err)
	}
}

func TestSettingsValidate(t *testing.T) {
	s := DefaultSettings()
	s.Codes = map[Level]string{VerySatisfied: "1", Satisfied: "1", Basic: "3", Dissatisfied: "4", VeryDissatisfied: "5"}
	s.ArmSeconds = 5
	err := s.Validate()
	if !problem.Is(err, "rating.err.code_twice") || !problem.Is(err, "rating.err.arm_seconds") {
		t.Errorf("validate: %v", err)
	}
}
