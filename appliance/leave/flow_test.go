package leave

import (
	"strings"
	"testing"

	"bianmin/appliance/account"
	"bianmin/appliance/decision"
)

var jpeg = append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, []byte("a scanned slip")...)

// TestFlowTierA: a 2-day personal leave through preset A (000 line 89):
// the home unit's slip recorded by the office with its scan, then the
// office approves and registers the substitute; each step by its role,
// in order; then 销假.
func TestFlowTierA(t *testing.T) {
	f := newFlow(t)
	in := req(f.liu, TypePersonal, "2026-03-03 08:30", "2026-03-04 18:00")
	in.Reason = "家中有事"
	filed, err := f.svc.Request(self(f.liu), in)
	if err != nil {
		t.Fatal(err)
	}
	l := filed.Leave
	if got := strings.Join(StepNames(l.Steps), ","); got != "home_unit,office" || !l.SubstituteRequired || l.Length.WorkingDays != 2 {
		t.Fatalf("filed: steps %s, substitute required %v, %v days", got, l.SubstituteRequired, l.Length.WorkingDays)
	}
	if len(filed.Notes) != 1 || filed.Notes[0].Key != noteSubstitute {
		t.Errorf("notes: %v; want the substitute to name", filed.Notes)
	}
	director := Actor{Name: "director", Role: account.RoleDirector}
	steps := []struct {
		a    Actor
		step StepKind
		in   StepInput
		want string
	}{
		{office, StepOffice, StepInput{}, errStepNotNext},
		{self(f.liu), StepHomeUnit, StepInput{}, errStepRole},
		{director, StepHomeUnit, StepInput{}, errStepRole},
		{office, StepHomeUnit, StepInput{RequireScan: true}, errScanRequired},
		{office, StepHomeUnit, StepInput{Scan: &NewFile{Name: "slip.txt", Data: []byte("text")}}, errFileType},
		{office, StepHomeUnit, StepInput{Scan: &NewFile{Name: "单位请假条.jpg", Data: jpeg}, RequireScan: true}, ""},
		{office, StepOffice, StepInput{}, errSubstituteMissing}, // 000 line 112: the substitute registered in advance
	}
	for i, s := range steps {
		_, err := f.svc.Approve(s.a, l.ID, s.step, s.in)
		if got := keyOf(err); got != s.want {
			t.Fatalf("step %d (%s by %s): %q, want %q", i, s.step, s.a.Name, got, s.want)
		}
	}
	if _, err := f.svc.SetSubstitute(self(f.liu), l.ID, f.chen.ID, ""); err != nil {
		t.Fatalf("the leaver names the substitute: %v", err)
	}
	l, err = f.svc.Approve(office, l.ID, StepOffice, StepInput{})
	if err != nil {
		t.Fatal(err)
	}
	if l.Status != StatusApproved || l.SubstituteRegisteredAt.IsZero() || l.Steps[0].Scan == 0 || len(l.Attachments) != 1 {
		t.Fatalf("approved: %+v", l)
	}
	// Rotating the registered substitute needs the office and a reason
	// (001 line 207).
	if _, err := f.svc.SetSubstitute(self(f.liu), l.ID, f.li.ID, ""); keyOf(err) != errSubstituteRotate {
		t.Errorf("the leaver rotates the substitute: %v", err)
	}
	if _, err := f.svc.SetSubstitute(office, l.ID, f.li.ID, ""); keyOf(err) != errTextRequired {
		t.Errorf("the office rotates without a reason: %v", err)
	}
	if l, err = f.svc.SetSubstitute(office, l.ID, f.li.ID, "陈明临时出差"); err != nil || len(l.Rotations) != 1 || l.SubstituteID != f.li.ID {
		t.Fatalf("rotation: %+v %v", l, err)
	}
	// 销假 a day late: overstay in working minutes (000 line 100).
	*f.now = at("2026-03-05 18:30")
	if _, err := f.svc.Close(self(f.chen), l.ID, at("2026-03-05 18:00")); keyOf(err) != errNotYours {
		t.Errorf("someone else closes: %v", err)
	}
	if _, err := f.svc.Close(self(f.liu), l.ID, at("2026-03-06 08:30")); keyOf(err) != errReturnFuture {
		t.Errorf("back in the future: %v", err)
	}
	if l, err = f.svc.Close(self(f.liu), l.ID, at("2026-03-05 18:00")); err != nil || l.OverstayMinutes != 420 {
		t.Fatalf("closed a day late: overstay %d minutes, %v", l.OverstayMinutes, err)
	}
	if _, err := f.svc.Close(office, l.ID, at("2026-03-05 18:00")); keyOf(err) != errClosed {
		t.Errorf("closed twice: %v", err)
	}
	if res, _ := f.db.VerifyAudit(); !res.OK {
		t.Errorf("audit chain: %+v", res)
	}
}

// TestQueues: each approver's queue is the pending list at their steps
// (the decision list's stages); approval moves a request to the next.
func TestQueues(t *testing.T) {
	f := newFlow(t)
	if _, err := f.svc.SaveRules(office, mustRules("C")); err != nil {
		t.Fatal(err)
	}
	oneDay := f.file(self(f.liu), RequestInput{StaffID: f.liu.ID, Type: TypePersonal, Start: at("2026-03-03 08:30"), End: at("2026-03-03 18:00"), SubstituteID: f.chen.ID})
	twoDays := f.file(self(f.wang), RequestInput{StaffID: f.wang.ID, Type: TypePersonal, Start: at("2026-03-03 08:30"), End: at("2026-03-04 18:00"), SubstituteID: f.li.ID})
	queue := func(r account.Role) []uint64 {
		p, err := f.svc.Lists(decision.Query{Scope: decision.Scope{All: true}, Stages: StagesOf(r)})
		if err != nil {
			t.Fatal(err)
		}
		var ids []uint64
		for _, l := range p.Pending.Rows {
			ids = append(ids, l.ID)
		}
		return ids
	}
	if q := queue(account.RoleInspector); len(q) != 1 || q[0] != oneDay.ID {
		t.Errorf("业务科 (inspectors) queue: %v, want the 1-day request (004 line 355)", q)
	}
	if q := queue(account.RoleOffice); len(q) != 1 || q[0] != twoDays.ID {
		t.Errorf("office queue: %v, want the 2-day request's unit slip", q)
	}
	if q := queue(account.RoleDeputy); len(q) != 0 {
		t.Errorf("deputy queue: %v, want none yet", q)
	}
	if _, err := f.svc.Approve(office, twoDays.ID, StepHomeUnit, StepInput{}); err != nil {
		t.Fatal(err)
	}
	if q := queue(account.RoleDeputy); len(q) != 1 || q[0] != twoDays.ID {
		t.Errorf("deputy queue after the unit's slip: %v", q)
	}
	if n, _ := f.svc.Waiting(decision.Scope{All: true}, account.RoleDeputy); n != 1 {
		t.Errorf("deputy waiting: %d", n)
	}
	if _, err := f.svc.Reject(Actor{Name: "deputy", Role: account.RoleDeputy}, twoDays.ID, ""); keyOf(err) != errTextRequired {
		t.Errorf("reject without reason: %v", err)
	}
	l, err := f.svc.Reject(Actor{Name: "deputy", Role: account.RoleDeputy}, twoDays.ID, "窗口人手不足")
	if err != nil || l.Status != StatusRejected {
		t.Fatalf("reject: %+v %v", l, err)
	}
	p, _ := f.svc.Lists(decision.Query{Scope: decision.Scope{All: true}, Outcome: string(StatusRejected)})
	if len(p.Decided.Rows) != 1 || p.Decided.Rows[0].ID != twoDays.ID {
		t.Errorf("decided, rejected: %+v", p.Decided.Rows)
	}
}

func mustRules(k string) Rules {
	r, _ := RulesByKey(k)
	return r
}

// TestSickConversion: regulation 000 line 94 "因病休假1天以上(不含1天)的,應當
// 提供醫院出具的《診斷證明書》。因特殊原因當日無法提供…的,應當在銷假時提供;
// 未能提供《診斷證明書》的,視為事假".
func TestSickConversion(t *testing.T) {
	cases := []struct {
		name              string
		start, end        string
		certificate       bool
		lateCertificate   bool // handed in before 销假
		beforeClose, want Type
	}{
		{"one day needs none", "2026-03-03 08:30", "2026-03-03 18:00", false, false, TypeSick, TypeSick},
		{"two days without: personal once closed", "2026-03-03 08:30", "2026-03-04 18:00", false, false, TypeSick, TypePersonal},
		{"two days with one at filing", "2026-03-03 08:30", "2026-03-04 18:00", true, false, TypeSick, TypeSick},
		{"two days, handed in before 销假", "2026-03-03 08:30", "2026-03-04 18:00", false, true, TypeSick, TypeSick},
	}
	for _, tc := range cases {
		f := newFlow(t)
		in := req(f.liu, TypeSick, tc.start, tc.end)
		in.Certificate, in.SubstituteID = tc.certificate, f.chen.ID
		l := f.file(self(f.liu), in)
		for _, s := range l.Steps {
			var err error
			if l, err = f.svc.Approve(console, l.ID, s.Kind, StepInput{}); err != nil {
				t.Fatal(err)
			}
		}
		if got := l.CountsAs(l.Length.WorkingDays); got != tc.beforeClose {
			t.Errorf("%s: before 销假 counts as %s, want %s", tc.name, got, tc.beforeClose)
		}
		*f.now = at("2026-03-05 09:00")
		if tc.lateCertificate {
			if _, err := f.svc.AddFile(self(f.liu), l.ID, NewFile{Kind: FileCertificate, Name: "诊断证明书.png", Data: []byte("\x89PNG\r\n\x1a\nimage")}); err != nil {
				t.Fatal(err)
			}
		}
		l, err := f.svc.Close(self(f.liu), l.ID, at("2026-03-05 08:30"))
		if err != nil {
			t.Fatal(err)
		}
		if got := l.CountsAs(l.Length.WorkingDays); got != tc.want || l.AsPersonal != (tc.want == TypePersonal) {
			t.Errorf("%s: after 销假 counts as %s (as personal %v), want %s", tc.name, got, l.AsPersonal, tc.want)
		}
	}
}

// TestWithdrawAndExtension: withdrawn while pending or before it began;
// an extension starts at the end, goes through the tiers of the whole
// absence, and the original is then closed through it.
func TestWithdrawAndExtension(t *testing.T) {
	f := newFlow(t)
	l := f.file(self(f.liu), RequestInput{StaffID: f.liu.ID, Type: TypePersonal, Start: at("2026-03-03 08:30"), End: at("2026-03-03 18:00"), SubstituteID: f.chen.ID})
	l, err := f.svc.Approve(office, l.ID, StepOffice, StepInput{})
	if err != nil || l.Status != StatusApproved {
		t.Fatalf("approve: %v", err)
	}
	*f.now = at("2026-03-03 15:00")
	if _, err := f.svc.Withdraw(self(f.liu), l.ID); keyOf(err) != errWithdrawState {
		t.Errorf("withdraw after it began: %v", err)
	}
	ext := RequestInput{StaffID: f.liu.ID, Type: TypePersonal, Start: at("2026-03-03 18:00"), End: at("2026-03-04 18:00"), ExtensionOf: l.ID}
	bad := ext
	bad.Start = at("2026-03-04 08:30")
	if _, err := f.svc.Request(self(f.liu), bad); keyOf(err) != errExtensionStart {
		t.Errorf("extension not at the end: %v", err)
	}
	e := f.file(self(f.liu), ext)
	if got := strings.Join(StepNames(e.Steps), ","); got != "home_unit,office" {
		t.Errorf("extension of a 1-day leave by a day: steps %s, want the tier of 2 days (000 line 89)", got)
	}
	*f.now = at("2026-03-04 19:00")
	if _, err := f.svc.Close(self(f.liu), l.ID, at("2026-03-04 18:00")); keyOf(err) != errCloseExtension {
		t.Errorf("closing the original under a live extension: %v", err)
	}
	if _, err := f.svc.Withdraw(self(f.liu), e.ID); err != nil {
		t.Fatal(err)
	}
	if l, err = f.svc.Close(self(f.liu), l.ID, at("2026-03-04 18:00")); err != nil || l.OverstayMinutes != 420 {
		t.Errorf("closed after withdrawing the extension: %d minutes over, %v", l.OverstayMinutes, err)
	}
}

// TestOutboxCarriesNoFiles: every change of a request goes to the county
// in the outbox, naming its attachments (name, type, size, hash) but never
// carrying their bytes; the bytes stay in the box (and so in its backups).
func TestOutboxCarriesNoFiles(t *testing.T) {
	f := newFlow(t)
	secret := append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, []byte("PRIVATE-MEDICAL-DETAIL")...)
	in := req(f.liu, TypeSick, "2026-03-03 08:30", "2026-03-04 18:00")
	in.SubstituteID = f.chen.ID
	in.Files = []NewFile{{Kind: FileCertificate, Name: "诊断证明书.jpg", Data: secret}}
	l := f.file(self(f.liu), in)
	if _, err := f.svc.Approve(office, l.ID, StepHomeUnit, StepInput{Scan: &NewFile{Name: "单位.jpg", Data: secret}}); err != nil {
		t.Fatal(err)
	}
	entries, err := f.db.OutboxPending(0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range entries {
		if e.Kind != "leave" {
			continue
		}
		kinds = append(kinds, e.Kind)
		if strings.Contains(string(e.Payload), "PRIVATE-MEDICAL-DETAIL") || strings.Contains(string(e.Payload), "UFJJVkFURS") {
			t.Errorf("an outbox entry carries a file's bytes: %s", e.Payload)
		}
		if !strings.Contains(string(e.Payload), `"sha256"`) {
			t.Errorf("an outbox entry does not name the files: %s", e.Payload)
		}
	}
	if len(kinds) != 2 {
		t.Errorf("%d leave entries in the outbox, want 2 (the request and its step)", len(kinds))
	}
	_, a, data, err := f.svc.File(l.ID, l.Attachments[0].ID)
	if err != nil || string(data) != string(secret) || a.Type != "image/jpeg" || !l.Certificate {
		t.Errorf("the stored certificate: %+v %v", a, err)
	}
}
