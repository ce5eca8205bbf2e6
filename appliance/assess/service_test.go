package assess

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/attendance"
	"bianmin/appliance/calendar"
	"bianmin/appliance/intake"
	"bianmin/appliance/leave"
	"bianmin/appliance/problem"
	"bianmin/appliance/rating"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
	"bianmin/appliance/store/storetest"
	"bianmin/embedded"
)

// fakeCases is intake's OverdueEvents over a fixed list.
type fakeCases []intake.OverdueEvent

func (f fakeCases) OverdueEvents(from, to string) ([]intake.OverdueEvent, error) {
	var out []intake.OverdueEvent
	for _, e := range f {
		if e.DueDate >= from && e.DueDate < to {
			out = append(out, e)
		}
	}
	return out, nil
}

type fixture struct {
	t     testing.TB
	db    *store.DB
	now   *time.Time
	cal   *calendar.Calendar
	svc   *Service
	wang  staff.Staff
	li    staff.Staff
	cases *fakeCases
}

func must[T any](t testing.TB) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	now := date("2026-12-03 09:00")
	f := &fixture{t: t, now: &now, cases: &fakeCases{}}
	db := storetest.Open(t, store.Options{Now: func() time.Time { return *f.now }, Location: shanghai})
	var err error
	if f.cal, err = calendar.Load(nil, embedded.FS, shanghai); err != nil {
		t.Fatal(err)
	}
	reg := staff.New(db)
	u := must[staff.Unit](t)(reg.CreateUnit("t", staff.Unit{Name: "民政办", Active: true}))
	f.wang = must[staff.Staff](t)(reg.CreateStaff("t", staff.Staff{StaffNo: "QS001", Name: "王建国", UnitID: u.ID, Position: staff.PositionStaff, StartDate: "2026-10-01"}))
	f.li = must[staff.Staff](t)(reg.CreateStaff("t", staff.Staff{StaffNo: "QS002", Name: "李秀英", UnitID: u.ID, Position: staff.PositionStaff, StartDate: "2026-10-01"}))
	f.db, f.svc = db, New(db, f.cal, f.cases)
	return f
}

// punchMonth punches a full standard day (08:20, 12:05, 13:55, 17:35;
// winter hours 8:30–12:00, 14:00–17:30) on every working day of November
// 2026, with the exceptions given (a day's own punches; nil: none).
func (f *fixture) punchMonth(id uint64, except map[string][]string) {
	f.t.Helper()
	svc := attendance.New(f.db, 0)
	for d := date("2026-11-01"); d.Before(date("2026-12-01")); d = d.AddDate(0, 0, 1) {
		if !f.cal.IsWorkday(d) {
			continue
		}
		ps, ok := except[d.Format(dateLayout)]
		if !ok {
			ps = []string{"08:20", "12:05", "13:55", "17:35"}
		}
		for _, p := range ps {
			at := date(d.Format(dateLayout) + " " + p)
			if _, _, err := svc.Record("device:fingerprint", attendance.Punch{StaffID: id, Time: at, Source: attendance.SourceFingerprint, Quality: attendance.TimeSynced}); err != nil {
				f.t.Fatal(err)
			}
		}
	}
}

// TestMonthScore assesses one staff member's November 2026 from every
// source and checks the score computed by hand. November 2026 has 21
// working days (no holiday); standard attendance preset, township catalog.
//
//	late   3 Nov, morning in at 08:45 (due 08:30)                  −1  (000:141)
//	early  4 Nov, afternoon out at 17:00 (due 17:30)               −1  (000:141)
//	absent 5 Nov, no afternoon punch: ½ day × 5                    −5  (000:97)
//	脱岗    6 Nov, 45 min off post (under the 120-min limit)         −2  (003:310)
//	absent 11 Nov morning, overstay of the leave of 10 Nov: ½ × 5  −5  (000:100, attendance)
//	超假    the leave of 10 Nov closed 11 Nov 12:00                  −2  (000:100)
//	notice 12 Nov, one-time notice late, 2nd this year (admonish)  −1  (003:288, 003:328)
//	超时    20 Nov, a decision past its promised limit               −2  (003:248)
//	差评    18 Nov, 非常不满意 at window 3                               −2  (DOMAIN:96)
//	最不满意人员 named by the office for 2026-11                      −5  (001:229)
//	inspection 16 Nov, no badge                                    −1  (003:277)
//	inspection 17 Nov, quarrel with a citizen                      −10 (003:283)
//	                                                    total lost  37 → score 63
//
// Then the month is published, he objects to the quarrel and the office
// upholds it: 37 − 10 = 27 lost → 73.
func TestMonthScore(t *testing.T) {
	f := newFixture(t)
	id := f.wang.ID
	f.punchMonth(id, map[string][]string{
		"2026-11-03": {"08:45", "12:05", "13:55", "17:35"},
		"2026-11-04": {"08:20", "12:05", "13:55", "17:00"},
		"2026-11-05": {"08:20", "12:05"},
		"2026-11-10": nil,                // on leave
		"2026-11-11": {"13:55", "17:35"}, // back at noon
	})
	f.punchMonth(f.li.ID, nil)
	rs := attendance.NewRecords(f.db, shanghai, f.cal)
	must[attendance.OffPostRecord](t)(rs.RecordOffPost("inspector", attendance.OffPostRecord{StaffID: id, Start: date("2026-11-06 10:00"), Minutes: 45}))
	lv := leave.New(f.db).WithSchedule(attendance.LeaveScheduleFunc(f.cal))
	l := must[leave.Leave](t)(lv.Record("office", leave.Leave{StaffID: id, Type: leave.TypePersonal, Start: date("2026-11-10 08:30"), End: date("2026-11-10 17:30")}))
	l = must[leave.Leave](t)(lv.Close(leave.Actor{Name: "office", Role: account.RoleOffice}, l.ID, date("2026-11-11 12:00")))
	if l.OverstayMinutes != 210 {
		t.Fatalf("overstay %d min, want 210 (8:30–12:00 on 11 Nov)", l.OverstayMinutes)
	}
	*f.cases = fakeCases{
		{CaseID: 1, Number: "MZ-2026-0001", Kind: intake.DueNotice, DueDate: "2026-03-09", OwnerStaffID: id},
		{CaseID: 7, Number: "MZ-2026-0007", Kind: intake.DueNotice, DueDate: "2026-11-12", OwnerStaffID: id},
		{CaseID: 8, Number: "MZ-2026-0008", Kind: intake.DueDecision, DueDate: "2026-11-20", OwnerStaffID: id, MetAt: date("2026-11-23 10:00")},
		{CaseID: 9, Number: "MZ-2026-0009", Kind: intake.DueDecision, DueDate: "2026-11-20", OwnerStaffID: f.li.ID},
	}
	rt := rating.New(f.db, f.cal)
	for i, lvl := range []rating.Level{rating.VeryDissatisfied, rating.Satisfied} {
		at := date("2026-11-18 10:05").Add(time.Duration(i) * time.Hour)
		must[rating.Rating](t)(rt.Rate(rating.Decided{Ref: rating.Ref{Key: "t" + string(lvl), Window: 3, StaffID: id, Staff: "王建国"},
			Press: rating.Press{Window: 3, Level: lvl, At: at}, Channel: rating.ChannelButtons}))
	}
	set := rating.DefaultSettings()
	set.Rule = rating.Rule{Kind: rating.RuleOffice}
	must[rating.Settings](t)(rt.SaveSettings("office", set))
	ratingOffice := rating.Actor{Name: "office", Role: account.RoleOffice}
	must[rating.Appraisal](t)(rt.Appraise(ratingOffice, "2026-11", []uint64{id}, "中心办公室评议"))
	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0}, 64)...)
	must[Inspection](t)(f.svc.RecordInspection("inspector", NewInspection{StaffID: id, At: date("2026-11-16 09:10"), Item: "uniform", Note: "未佩戴工作牌", Photo: png}))
	quarrel := must[Inspection](t)(f.svc.RecordInspection("inspector", NewInspection{StaffID: id, At: date("2026-11-17 15:20"), Item: "quarrel", Note: "与办事群众争吵"}))

	sm := must[StaffMonth](t)(f.svc.StaffMonth(id, "2026-11"))
	want := []string{
		"att/2026-11-03/morning_in late 1",
		"att/2026-11-04/afternoon_out early 1",
		"att/2026-11-05/absence absence 5",
		"att/2026-11-06/off_post/1000 off_post 2",
		"att/2026-11-11/absence absence 5",
		"leave/" + itoa(l.ID) + "/overstay overstay 2",
		"case/7/notice notice 1 admonish",
		"inspection/1 uniform 1",
		"inspection/2 quarrel 10",
		"appraisal/2026-11 least_liked 5", // dated the month's last day
		"case/8/decision overdue 2",
		"rating/1 bad_rating 2",
	}
	got := refs(sm.Deductions)
	slices.Sort(got)
	slices.Sort(want)
	if !same(got, want) {
		t.Errorf("deductions:\n got %q\nwant %q", got, want)
	}
	if sm.Lost != 37 || sm.Score != 63 {
		t.Errorf("lost %d, score %d; want 37 and 63 (see the arithmetic above)", sm.Lost, sm.Score)
	}
	if sm.Bad != 1 || sm.Absent != 2 || sm.SendBack {
		t.Errorf("bad %d absent %d send-back %v, want 1, 2 half-days, false", sm.Bad, sm.Absent, sm.SendBack)
	}
	// The photo is kept in the store.
	if p, data, err := f.svc.PhotoOf(1); err != nil || p.Type != "image/png" || !bytes.Equal(data, png) {
		t.Errorf("photo: %+v %d bytes %v", p, len(data), err)
	}

	// Objections: none before publication; within the window once.
	ref := "inspection/" + itoa(quarrel.ID)
	if _, err := f.svc.Object("staff:wang", id, "2026-11", ref, "当时是群众情绪激动，本人未争吵"); !problem.Is(err, "assess.err.not_published") {
		t.Fatalf("objection before publication: %v", err)
	}
	pub := must[Publication](t)(f.svc.Publish("office", "2026-11"))
	if pub.Deadline != "2026-12-10" {
		t.Errorf("objection deadline %s, want 2026-12-10 (5 working days after Thu 3 Dec)", pub.Deadline)
	}
	o := must[Objection](t)(f.svc.Object("staff:wang", id, "2026-11", ref, "当时是群众情绪激动，本人未争吵"))
	if _, err := f.svc.Object("staff:wang", id, "2026-11", ref, "再次"); !problem.Is(err, "assess.err.objected") {
		t.Errorf("second objection to one deduction: %v", err)
	}
	if _, err := f.svc.Decide("office", o.ID, false, ""); !problem.Is(err, "assess.err.reason_required") {
		t.Errorf("rejection without a reason: %v", err)
	}
	must[Objection](t)(f.svc.Decide("office", o.ID, true, "经查监控属实"))
	sm = must[StaffMonth](t)(f.svc.StaffMonth(id, "2026-11"))
	if sm.Score != 73 || len(sm.Removed) != 1 || sm.Removed[0].Ref != ref {
		t.Errorf("after the upheld objection: score %d removed %+v, want 73 and the quarrel", sm.Score, sm.Removed)
	}
	if _, err := f.svc.Decide("office", o.ID, false, "x"); !problem.Is(err, "assess.err.decided") {
		t.Errorf("deciding twice: %v", err)
	}
	// After the window closes, no more objections.
	*f.now = date("2026-12-11 09:00")
	if _, err := f.svc.Object("staff:wang", id, "2026-11", "inspection/1", "迟了"); !problem.Is(err, "assess.err.window_closed") {
		t.Errorf("objection after the window: %v", err)
	}
	// Everyone's month: 李秀英 has one overdue case only.
	all := must[[]StaffMonth](t)(f.svc.Month("2026-11"))
	if len(all) != 2 || all[1].Staff.ID != f.li.ID || all[1].Score != 98 {
		t.Errorf("month: %d people, second %+v", len(all), all[len(all)-1])
	}
	// The quarter: October was before go-live (the first punch, 2 Nov), so
	// nobody was assessed in every month — nobody is 先进个人 yet.
	q := must[Period](t)(f.svc.Quarter(2026, 4))
	if q.Ended || len(q.People) != 2 || q.People[0].Staff.ID != f.li.ID || q.People[0].Excluded != ExclPartial || q.People[0].Avg10 != 980 {
		t.Errorf("quarter: %+v", q)
	}
	y := must[Period](t)(f.svc.Year(2026))
	if len(y.People) != 2 || y.People[1].Total != 73 || y.People[1].Awards != 0 {
		t.Errorf("year: %+v", y.People)
	}
	// The county receives each person's published score, and the new one
	// after an upheld objection (kind "assessment", the later replaces).
	entries, err := f.db.OutboxPending(0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	var scores []string
	for _, e := range entries {
		if e.Kind == KindScore {
			var r ScoreRecord
			if err := json.Unmarshal(e.Payload, &r); err != nil {
				t.Fatal(err)
			}
			scores = append(scores, fmt.Sprintf("%d %s %g", r.StaffID, r.Month, r.Score))
		}
	}
	wantScores := []string{fmt.Sprintf("%d 2026-11 63", id), fmt.Sprintf("%d 2026-11 98", f.li.ID), fmt.Sprintf("%d 2026-11 73", id)}
	if !same(scores, wantScores) {
		t.Errorf("score records %q, want %q", scores, wantScores)
	}
	// Every write is audited.
	for _, action := range []string{"assess.inspect", "assess.publish", "assess.object", "assess.objection_upheld"} {
		if !audited(t, f.db, action) {
			t.Errorf("no audit entry %s", action)
		}
	}
}

func itoa(n uint64) string { return strconv.FormatUint(n, 10) }

func audited(t *testing.T, db *store.DB, action string) bool {
	found := false
	_, err := db.VerifyAuditVisit(func(e *store.AuditEntry) error {
		if e.Action == action {
			found = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// Inspections refuse what the rules do not allow, and the catalog's
// changes are audited.
func TestInspectionAndCatalog(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		name string
		n    NewInspection
		key  string
	}{
		{"an unknown person", NewInspection{StaffID: 99, At: date("2026-12-02 10:00"), Item: "uniform"}, "assess.err.staff"},
		{"in the future", NewInspection{StaffID: f.wang.ID, At: date("2026-12-04 10:00"), Item: "uniform"}, "assess.err.at_future"},
		{"a rule-fed item (late is attendance's)", NewInspection{StaffID: f.wang.ID, At: date("2026-12-02 10:00"), Item: "late"}, "assess.err.item"},
		{"a photo that is no image", NewInspection{StaffID: f.wang.ID, At: date("2026-12-02 10:00"), Item: "uniform", Photo: []byte("%PDF-1.4")}, "assess.err.photo_type"},
		{"a photo over 4 MiB", NewInspection{StaffID: f.wang.ID, At: date("2026-12-02 10:00"), Item: "uniform", Photo: append([]byte{0xFF, 0xD8, 0xFF}, make([]byte, MaxPhotoBytes)...)}, "assess.err.photo_size"},
	} {
		if _, err := f.svc.RecordInspection("inspector", tc.n); !problem.Is(err, tc.key) {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.key)
		}
	}
	// The office changes an item's points; a recorded inspection keeps its own.
	in := must[Inspection](t)(f.svc.RecordInspection("inspector", NewInspection{StaffID: f.wang.ID, At: date("2026-12-02 10:00"), Item: "desk"}))
	it, _ := DefaultRules().Item("desk")
	it.Points = 3
	r := must[Rules](t)(f.svc.SaveItem("office", it))
	if got, _ := r.Item("desk"); got.Points != 3 || got.Feed != FeedInspection {
		t.Errorf("desk after save: %+v", got)
	}
	r = must[Rules](t)(f.svc.SaveItem("office", Item{Name: "工作时间看视频", Points: 3, Cite: Cite{"003", 246}}))
	custom, ok := r.Item("custom_1")
	if !ok || !custom.Custom {
		t.Fatalf("custom item not added: %+v", r.Items)
	}
	if _, err := f.svc.SaveItem("office", Item{Key: "desk", Points: 200, Cite: Cite{"003", 281}}); !problem.Is(err, "assess.err.points") {
		t.Errorf("200 points: %v", err)
	}
	got, err := store.Read(f.db, func(tx *store.Tx) (Inspection, error) { return InspectionTx(tx, in.ID) })
	if err != nil || got.Points != 1 {
		t.Errorf("the inspection keeps its 1 point: %+v %v", got, err)
	}
	r = must[Rules](t)(f.svc.ChoosePreset("office", PresetCounty))
	if late, _ := r.Item("late"); late.Points != 2 {
		t.Errorf("county preset late %d, want 2", late.Points)
	}
	if c, ok := r.Item("custom_1"); !ok || !c.Off {
		t.Errorf("custom item after a preset: %+v (kept, switched off)", c)
	}
	if !audited(t, f.db, "assess.item") || !audited(t, f.db, "assess.preset") {
		t.Error("catalog changes not audited")
	}
	if _, err := f.svc.StaffMonth(99, "2026-11"); !errors.Is(err, ErrNotAssessed) {
		t.Errorf("unknown person's month: %v", err)
	}
}
