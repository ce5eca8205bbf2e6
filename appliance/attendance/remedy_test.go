package attendance

import (
	"testing"

	"bianmin/appliance/civil"
	"bianmin/appliance/problem"
	"bianmin/appliance/store"
)

// problemKey is the locale key of the (first) problem in err, "" for nil,
// or the error text for any other error.
func problemKey(err error) string {
	if err == nil {
		return ""
	}
	if p, ok := problem.As(err); ok {
		return p.Key
	}
	return "unexpected: " + err.Error()
}

func newRecords(t *testing.T) (fixture, *Records) {
	f := newFixture(t) // now = 2026-03-02 18:00 (a Monday), standard preset
	return f, NewRecords(f.db, shanghai, testCalendar)
}

// TestRequestRemedy: regulation 003 (一)考勤制度 "如指纹机不能识别指纹或不能正常
// 工作,请第一时间向中心反映并采取补救措施" — a remedy names the day and the punch
// point or time, with a reason; the quota is issue #5.
func TestRequestRemedy(t *testing.T) {
	f, rs := newRecords(t)
	cases := []struct {
		name string
		r    Remedy
		want string
	}{
		{"point remedy for today's morning sign-in", Remedy{StaffID: f.wang.ID, Date: "2026-03-02", Point: "morning_in", Reason: "指纹机无法识别"}, ""},
		{"the same point again", Remedy{StaffID: f.wang.ID, Date: "2026-03-02", Point: "morning_in", Reason: "again"}, keyRemedyDuplicate},
		{"both point and time", Remedy{StaffID: f.wang.ID, Date: "2026-03-02", Point: "morning_out", Time: at("2026-03-02", "12:01:00"), Reason: "x"}, keyPointOrTime},
		{"neither point nor time", Remedy{StaffID: f.wang.ID, Date: "2026-03-02", Reason: "x"}, keyPointOrTime},
		{"tomorrow cannot be remedied yet", Remedy{StaffID: f.wang.ID, Date: "2026-03-03", Point: "morning_in", Reason: "x"}, keyDateFuture},
		{"a point the standard preset lacks", Remedy{StaffID: f.wang.ID, Date: "2026-03-02", Point: "day_in", Reason: "x"}, keyPointInvalid},
		{"no reason", Remedy{StaffID: f.wang.ID, Date: "2026-03-02", Point: "morning_out"}, keyReasonRequired},
		{"time on another day", Remedy{StaffID: f.wang.ID, Date: "2026-03-02", Time: at("2026-03-01", "08:20:00"), Reason: "x"}, keyTimeOtherDay},
		{"inactive staff", Remedy{StaffID: f.retired.ID, Date: "2026-03-02", Point: "morning_in", Reason: "x"}, keyStaffInactive},
		{"bad date", Remedy{StaffID: f.wang.ID, Date: "2026-3-2x", Point: "morning_in", Reason: "x"}, civil.KeyFormat},
		{"a date that does not exist", Remedy{StaffID: f.wang.ID, Date: "2026-02-30", Point: "morning_in", Reason: "x"}, civil.KeyNoSuchDay},
	}
	for _, tc := range cases {
		got, err := rs.RequestRemedy("staff:wang", tc.r)
		if k := problemKey(err); k != tc.want {
			t.Errorf("%s: refused with %q, want %q", tc.name, k, tc.want)
		}
		if err == nil && (got.Status != StatusPending || got.ID == 0 || got.RequestedBy != "staff:wang") {
			t.Errorf("%s: stored %+v", tc.name, got)
		}
	}
}

// TestRemedyQuota: three remedies a month by default (issue #5); rejected
// ones do not count, and the refusal shows the rule.
func TestRemedyQuota(t *testing.T) {
	f, rs := newRecords(t)
	var ids []uint64
	for _, p := range []string{"morning_in", "morning_out", "afternoon_in"} {
		r, err := rs.RequestRemedy("staff:wang", Remedy{StaffID: f.wang.ID, Date: "2026-03-02", Point: p, Reason: "指纹机故障"})
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		ids = append(ids, r.ID)
	}
	_, err := rs.RequestRemedy("staff:wang", Remedy{StaffID: f.wang.ID, Date: "2026-03-02", Point: "afternoon_out", Reason: "x"})
	p, ok := problem.As(err)
	if !ok || p.Key != keyRemedyQuota || p.Args["Max"] != 3 || p.Args["Used"] != 3 || p.Args["Month"] != "2026-03" {
		t.Fatalf("4th remedy in March: %v, want the quota rule", err)
	}
	// February is another month.
	if _, err := rs.RequestRemedy("staff:wang", Remedy{StaffID: f.wang.ID, Date: "2026-02-27", Point: "afternoon_out", Reason: "x"}); err != nil {
		t.Errorf("remedy in February: %v", err)
	}
	if _, err := rs.DecideRemedy("office", ids[0], false, "当日有正常打卡记录"); err != nil {
		t.Fatal(err)
	}
	if _, err := rs.RequestRemedy("staff:wang", Remedy{StaffID: f.wang.ID, Date: "2026-03-02", Point: "afternoon_out", Reason: "x"}); err != nil {
		t.Errorf("after a rejection frees the quota: %v", err)
	}
}

// TestDecideRemedy: the office approves or rejects (with a reason); a
// decision is never edited (ARCHITECTURE.md "Records … are never edited").
func TestDecideRemedy(t *testing.T) {
	f, rs := newRecords(t)
	a, _ := rs.RequestRemedy("staff:wang", Remedy{StaffID: f.wang.ID, Date: "2026-03-02", Point: "morning_in", Reason: "指纹机故障"})
	b, _ := rs.RequestRemedy("staff:wang", Remedy{StaffID: f.wang.ID, Date: "2026-03-02", Time: at("2026-03-02", "12:03:00"), Reason: "指纹机故障"})
	cases := []struct {
		name    string
		id      uint64
		approve bool
		reason  string
		want    string
	}{
		{"reject without reason", b.ID, false, " ", keyReasonRequired},
		{"approve", a.ID, true, "", ""},
		{"approve again", a.ID, true, "", keyDecided},
		{"reject after approval", a.ID, false, "no", keyDecided},
		{"reject with reason", b.ID, false, "有正常打卡记录", ""},
		{"unknown id", 999, true, "", keyNotFound},
	}
	for _, tc := range cases {
		if _, err := rs.DecideRemedy("office", tc.id, tc.approve, tc.reason); problemKey(err) != tc.want {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
	got, err := rs.Remedies(f.wang.ID, "2026-03-01", "2026-04-01")
	if err != nil || len(got) != 2 || got[0].Status != StatusApproved || got[1].Status != StatusRejected || got[1].DecisionReason != "有正常打卡记录" {
		t.Fatalf("remedies: %+v %v", got, err)
	}
	// An approved point remedy counts as a remedy-marked punch at the due time.
	m, ok := got[0].Mark(DefaultSettings().Preset, shanghai)
	if !ok || !m.Remedy || !m.Time.Equal(at("2026-03-02", "08:30:00")) {
		t.Errorf("mark of the morning_in remedy: %+v %v", m, ok)
	}
	checkTrail(t, f.db, "remedy.request", "remedy.approve", "remedy.reject")
}

// checkTrail requires an intact audit chain holding the actions, and an
// outbox entry for the writes.
func checkTrail(t *testing.T, db *store.DB, actions ...string) {
	t.Helper()
	if res, err := db.VerifyAudit(); err != nil || !res.OK {
		t.Fatalf("audit chain: %+v %v", res, err)
	}
	entries, _ := db.AuditEntries("", 1000)
	seen := map[string]bool{}
	for _, e := range entries {
		seen[e.Action] = true
	}
	for _, a := range actions {
		if !seen[a] {
			t.Errorf("no audit entry %q", a)
		}
	}
	if db.OutboxLen() == 0 {
		t.Errorf("outbox is empty")
	}
}
