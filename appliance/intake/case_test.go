package intake

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// GB 11643-1999's check character (§8.2: ISO 7064 MOD 11-2), its birth
// date, and the mask every list shows.
func TestCheckID(t *testing.T) {
	today := at("2026-09-24 09:00")
	tests := []struct {
		id   string
		want IDCheck
	}{
		{"11010519491231002X", IDValid},    // the standard's own example
		{"110105194912310021", IDChecksum}, // its check character changed
		{"11010519491331002X", IDBirth},    // month 13
		{"11010520300101002X", IDBirth},    // born after today
		{"110105491231002", IDLength},      // a 15-digit first-generation card
		{"1101051949123100AX", IDChars},
		{"E12345678", IDLength}, // a passport
	}
	for _, tc := range tests {
		if got := CheckID(NormalizeID(tc.id), today); got != tc.want {
			t.Errorf("CheckID(%s) = %q, want %q", tc.id, got, tc.want)
		}
	}
	if got := CheckID(NormalizeID(" 11010519491231002x "), today); got != IDValid {
		t.Errorf("a lower-case x with spaces: %q", got)
	}
	for in, want := range map[string]string{"11010519491231002X": "1101**********002X", "E12345678": "*******78", "123": "***", "": ""} {
		if got := MaskID(in); got != want {
			t.Errorf("MaskID(%s) = %s, want %s", in, got, want)
		}
	}
}

// Registration: the ID number checked (an override needs a reason), the
// checklist from the catalog, the number per year, the receiver as owner.
func TestRegister(t *testing.T) {
	f := newFixture(t)
	base := NewCase{ItemID: f.subsidy.ID, WindowID: f.w1.ID, Applicant: Applicant{Name: "张三", Phone: "138 0013 8000"}, IDNumber: validID}
	bad := base
	bad.IDNumber = "110105194912310021"
	if _, err := f.svc.Register(f.receiver, bad); !problem.Is(err, errIDPrefix+string(IDChecksum)) {
		t.Fatalf("a wrong check digit: %v", err)
	}
	old := base
	old.IDNumber, old.Applicant.IDKind = "110105491231002", IDOld
	if _, err := f.svc.Register(f.receiver, old); !problem.Is(err, errIDReason) {
		t.Fatalf("an old card without a reason: %v", err)
	}
	old.Override, old.Reason = true, "第一代身份证，未换领"
	c, err := f.svc.Register(f.receiver, old)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Applicant.IDOverride || c.Applicant.IDMasked != "1101*******1002" {
		t.Errorf("override = %+v", c.Applicant)
	}
	c2, err := f.svc.Register(f.receiver, base)
	if err != nil {
		t.Fatal(err)
	}
	if c.Number != "2026-000001" || c2.Number != "2026-000002" {
		t.Errorf("numbers %s, %s", c.Number, c2.Number)
	}
	if c2.Owner != "wangfang" || c2.Applicant.Phone != "13800138000" || len(c2.Materials) != 3 || c2.Status != StatusReceived {
		t.Errorf("case = %+v", c2)
	}
	*f.now = at("2027-01-04 09:00")
	c3, err := f.svc.Register(f.receiver, base)
	if err != nil {
		t.Fatal(err)
	}
	if c3.Number != "2027-000001" {
		t.Errorf("a new year's first number: %s", c3.Number)
	}
}

// The flow from receipt to delivery: every step timestamped, by whom;
// the one-time notice once; acceptance only with the required materials;
// the owner stays; another unit's staff may not act.
func TestFlow(t *testing.T) {
	f := newFixture(t)
	c := f.register(5, "申请书")
	if _, err := f.svc.Step(f.receiver, c.ID, StepInput{Action: ActAccept}); !problem.Is(err, errMissing) {
		t.Fatalf("accepted with a material missing: %v", err)
	}
	if _, err := f.svc.Step(f.outsider, c.ID, StepInput{Action: ActNotice}); !problem.Is(err, errNotYourUnit) {
		t.Fatalf("another unit acted: %v", err)
	}
	c = f.step(f.receiver, c.ID, StepInput{Action: ActNotice, Missing: []string{"户口簿（复印件不清晰，重交）"}})
	if c.Status != StatusCorrection || strings.Join(c.Missing, "|") != "身份证复印件|户口簿（复印件不清晰，重交）" {
		t.Fatalf("notice: %s %v", c.Status, c.Missing)
	}
	if _, err := f.svc.Step(f.receiver, c.ID, StepInput{Action: ActNotice}); !problem.Is(err, errActionState) {
		t.Fatalf("a second notice: %v", err)
	}
	*f.now = at("2026-09-28 10:00")
	c = f.step(f.receiver, c.ID, StepInput{Action: ActMaterial, Materials: []string{"身份证复印件"}})
	c = f.step(f.office, c.ID, StepInput{Action: ActAccept, Doc: "受理通知书 2026-000001"})
	c = f.step(f.receiver, c.ID, StepInput{Action: ActStart})
	c = f.step(f.receiver, c.ID, StepInput{Action: ActReport, To: "县民政局"})
	if c.Category != CategoryReported {
		t.Errorf("reported: category %s", c.Category)
	}
	if _, err := f.svc.Step(f.receiver, c.ID, StepInput{Action: ActDecide, Outcome: OutcomeRefused}); !problem.Is(err, errRequired) {
		t.Fatalf("a refusal without reasons: %v", err)
	}
	c = f.step(f.receiver, c.ID, StepInput{Action: ActDecide, Outcome: OutcomeApproved})
	c = f.step(f.receiver, c.ID, StepInput{Action: ActDeliver, Note: "当场领取"})
	want := []Action{ActRegister, ActNotice, ActMaterial, ActAccept, ActStart, ActReport, ActDecide, ActDeliver}
	if len(c.Steps) != len(want) {
		t.Fatalf("steps %+v", c.Steps)
	}
	for i, s := range c.Steps {
		if s.Action != want[i] || s.At.IsZero() || s.By == "" {
			t.Errorf("step %d = %+v, want %s with time and actor", i, s, want[i])
		}
	}
	if c.Steps[3].By != "office" || c.Steps[3].Doc != "受理通知书 2026-000001" || c.Owner != "wangfang" {
		t.Errorf("accept step %+v, owner %s", c.Steps[3], c.Owner)
	}
	if c.Status != StatusDelivered || c.DueDate != "" {
		t.Errorf("delivered: %s due %q", c.Status, c.DueDate)
	}
	c, err := f.svc.AttachDoc(f.receiver, c.ID, 7, "办结通知 2026-000001")
	if err != nil || c.Steps[7].Doc == "" {
		t.Fatalf("attach: %v", err)
	}
	if _, err := f.svc.AttachDoc(f.receiver, c.ID, 7, "again"); !problem.Is(err, errDocSet) {
		t.Fatalf("a second document on a step: %v", err)
	}
}

// 一次性告知 not issued within 5 working days: deemed accepted (art. 32),
// the decision limit from receipt; the late notice is an overdue event;
// a case past its promise is overdue and listed for the office, and an
// OverdueEvent for the assessment — the box decides nothing.
func TestDeemedAcceptedAndOverdue(t *testing.T) {
	f := newFixture(t)
	late := f.register(5, "申请书") // no notice issued
	ok := f.register(5, "申请书", "身份证复印件")
	ok = f.step(f.receiver, ok.ID, StepInput{Action: ActAccept})
	*f.now = at("2026-10-10 09:00") // the notice limit (9 Oct) has passed
	d := f.svc.Due(late)
	if !d.DeemedAccepted || d.Kind != DueDecision || day(d.Date) != "2026-10-09" || !d.Overdue {
		t.Errorf("deemed: %+v", d)
	}
	page, err := f.svc.DueList(DueQuery{Overdue: true})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 2 {
		t.Fatalf("overdue list: %d, want both", page.Total)
	}
	lateN, soon, err := f.svc.DueCounts([]uint64{f.civil.ID}, 0)
	if err != nil || lateN != 2 || soon != 0 {
		t.Errorf("counts %d %d %v", lateN, soon, err)
	}
	if n, _, _ := f.svc.DueCounts([]uint64{f.social.ID}, 0); n != 0 {
		t.Errorf("another unit's count: %d", n)
	}
	// the notice issued late: met late, an event; the decision still late.
	f.step(f.receiver, late.ID, StepInput{Action: ActNotice})
	evs, err := f.svc.OverdueEvents("2026-10-01", "2026-11-01")
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 2 || evs[0].Kind == evs[1].Kind {
		t.Fatalf("events %+v", evs)
	}
	for _, ev := range evs {
		switch ev.Kind {
		case DueNotice:
			if ev.CaseID != late.ID || ev.MetAt.IsZero() {
				t.Errorf("notice event %+v", ev)
			}
		case DueDecision:
			if ev.CaseID != ok.ID || !ev.MetAt.IsZero() || ev.DueDate != "2026-10-09" {
				t.Errorf("decision event %+v", ev)
			}
		}
	}
	got, _ := f.svc.Case(ok.ID)
	if got.Status != StatusAccepted {
		t.Errorf("the box changed an overdue case: %s", got.Status)
	}
}

// ID numbers are never in full in the case record, so neither in lists
// nor the audit log nor the outbox (uploads) — unless the county's
// setting allows it for the uploads; the case's unit and the office read
// it in full, others not.
func TestMasking(t *testing.T) {
	f := newFixture(t)
	c := f.register(5, "申请书", "身份证复印件")
	f.step(f.receiver, c.ID, StepInput{Action: ActAccept})
	page, err := f.svc.Search(Query{Name: "张"})
	if err != nil || page.Total != 1 {
		t.Fatalf("search: %+v %v", page, err)
	}
	if raw, _ := json.Marshal(page.Cases); strings.Contains(string(raw), validID) {
		t.Errorf("the list carries the full number")
	}
	if _, err := f.svc.FullID(f.outsider, c.ID); !problem.Is(err, errNotYourUnit) {
		t.Errorf("another unit read the full number: %v", err)
	}
	for _, a := range []Actor{f.receiver, f.office} {
		if full, err := f.svc.FullID(a, c.ID); err != nil || full != validID {
			t.Errorf("%s reads %q %v", a.Name, full, err)
		}
	}
	leaks := func(what string) int {
		n := 0
		err := f.db.View(func(tx *store.Tx) error {
			for _, bucket := range []string{"audit", "outbox"} {
				b, _ := tx.Bucket(bucket)
				if err := b.ForEach(func(k, v []byte) error {
					if strings.Contains(string(v), validID) {
						if bucket == "audit" {
							t.Errorf("%s: the audit log holds the full number: %s", what, v)
						}
						n++
					}
					return nil
				}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := leaks("default"); n != 0 {
		t.Errorf("the outbox holds the full number %d times", n)
	}
	if _, err := f.svc.SaveSettings(f.office, Settings{FullIDAllowed: true, DueSoonDays: 2}); err != nil {
		t.Fatal(err)
	}
	f.step(f.receiver, c.ID, StepInput{Action: ActStart})
	if n := leaks("county allows"); n != 1 {
		t.Errorf("with the county's setting the upload carries the full number %d times, want 1", n)
	}
}

// Search over the indexes: by number, name, phone, item, status, date,
// paged newest first.
func TestSearch(t *testing.T) {
	f := newFixture(t)
	var ids []uint64
	for i := range 7 {
		*f.now = at("2026-09-24 09:00").Add(time.Duration(i) * time.Hour)
		c := f.register(5, "申请书", "身份证复印件")
		ids = append(ids, c.ID)
	}
	other, err := f.svc.Register(f.outsider, NewCase{ItemID: f.pension.ID, Applicant: Applicant{Name: "李四", Phone: "13900000000"}, IDNumber: validID})
	if err != nil {
		t.Fatal(err)
	}
	f.step(f.receiver, ids[2], StepInput{Action: ActAccept})
	tests := []struct {
		name  string
		q     Query
		total int
		first uint64
	}{
		{"by number", Query{Number: "2026-000003"}, 1, ids[2]},
		{"by name, newest first", Query{Name: "张三", Size: 3}, 7, ids[6]},
		{"by name's beginning", Query{Name: "李"}, 1, other.ID},
		{"by phone", Query{Phone: "139"}, 1, other.ID},
		{"by item", Query{ItemID: f.pension.ID}, 1, other.ID},
		{"by status", Query{Status: StatusAccepted}, 1, ids[2]},
		{"name and status", Query{Name: "张三", Status: StatusReceived}, 6, ids[6]},
		{"by date", Query{From: at("2026-09-24 10:00"), To: at("2026-09-24 12:00")}, 2, ids[2]},
		{"page 3 of 3", Query{Name: "张三", Size: 3, Page: 3}, 7, ids[0]},
	}
	for _, tc := range tests {
		p, err := f.svc.Search(tc.q)
		if err != nil {
			t.Fatal(err)
		}
		if p.Total != tc.total || len(p.Cases) == 0 || p.Cases[0].ID != tc.first {
			t.Errorf("%s: total %d, first %v", tc.name, p.Total, p.Cases)
		}
	}
}
