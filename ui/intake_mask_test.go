package ui

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"bianmin/appliance/account"
	"bianmin/appliance/intake"
	"bianmin/appliance/staff"
)

// otherUnitClerk logs in a clerk of a unit other than docEnv's 刘芳's.
func otherUnitClerk(env *testEnv) *client {
	env.t.Helper()
	liu := env.moStaff("QS004")
	all, _ := env.app.Staff.ListStaff(staff.Filter{})
	i := slices.IndexFunc(all, func(s staff.Staff) bool { return s.UnitID != liu.UnitID && s.EndDate == "" })
	return env.moLogin(account.RoleStaff, all[i])
}

// TestIDNumberMaskedEverywhere: issue 13 "ID numbers never appear in full
// in lists, logs, exports for other units, status pages, or uploads"
// (DOMAIN.md, personal data). Every page that shows a case, to every
// reader, carries the masked number (1101**********002X) or none — never
// the full number nor its birth date — even after the case's own unit read
// it in full on the case page (that reading is audited, not logged with
// the number). Exports for other units: TestStatsAndExportPages; uploads:
// intake.TestUploadMasked.
func TestIDNumberMaskedEverywhere(t *testing.T) {
	env, it, clerk, u := docEnv(t)
	reg := func(received ...string) intake.Case {
		cs, err := env.app.Intake.Register(clerk, intake.NewCase{ItemID: it.ID, Applicant: intake.Applicant{Name: "张三", Phone: "13800138000"},
			IDNumber: fullID, Received: received})
		if err != nil {
			t.Fatal(err)
		}
		return cs
	}
	short := reg("申请书") // the one-time notice and its documents
	if _, err := env.app.Intake.Step(clerk, short.ID, intake.StepInput{Action: intake.ActNotice}); err != nil {
		t.Fatal(err)
	}
	docs := fmt.Sprintf("/intake/cases/%d/docs", short.ID)
	for _, kind := range []string{"receipt", "one_time"} {
		moStatus(t, kind, u.moPost(docs, "kind", kind), http.StatusSeeOther)
	}
	open := reg("申请书", "身份证复印件") // accepted: on the deadline lists once late
	if _, err := env.app.Intake.Step(clerk, open.ID, intake.StepInput{Action: intake.ActAccept}); err != nil {
		t.Fatal(err)
	}
	token, err := env.app.Intake.StatusToken("t", short.ID)
	if err != nil {
		t.Fatal(err)
	}
	notices, err := env.app.Intake.CaseNotices(short.ID)
	if err != nil || len(notices) != 2 {
		t.Fatalf("documents %d, %v", len(notices), err)
	}
	// the own unit reads the number in full (and so audits it)
	if r := u.post(fmt.Sprintf("/intake/cases/%d/id", short.ID), nil); !strings.Contains(r.Body, fullID) {
		t.Fatalf("the own unit cannot read the full number: %d", r.Status)
	}
	env.clock.set(env.moAt("2026-10-14 09:00")) // the accepted case is overdue (due 9 Oct)

	u = env.moLogin(account.RoleStaff, env.moStaff("QS004")) // a new session on the later day
	other := otherUnitClerk(env)
	office, director, anon := env.loginAs(account.RoleOffice), env.loginAs(account.RoleDirector), env.client()
	casePage := func(cs intake.Case) string { return fmt.Sprintf("/intake/cases/%d", cs.ID) }
	for _, row := range []struct {
		place, path string
		who         *client
		masked      bool   // the masked number is shown (else no number at all)
		shows       string // what proves the page shows the case
	}{
		{"case list (lists)", "/intake", u, true, short.Number},
		{"case list, another unit's clerk", "/intake", other, false, ""},
		{"search by name (lists)", "/intake?name=张三", office, true, open.Number},
		{"deadline lists (lists)", "/intake/due", office, false, open.Number},
		{"the office's home panel", "/", office, false, ""},
		{"case page, own unit before reading", casePage(open), u, true, "张三"},
		{"case page, a director", casePage(short), director, true, "张三"},
		{"documents page", docs, u, false, short.Number},
		{"phone script (status read aloud)", casePage(short) + "/phone", u, false, "张*"},
		{"audit log (logs)", "/audit", office, false, ""},
		{"audit log of the reading of the full number (logs)", "/audit?action=intake.read_id", office, false, short.Number},
		{"public status page (status pages)", "/s/" + token, anon, true, "张*"},
		{"receipt list PDF", fmt.Sprintf("/intake/docs/%d/pdf", notices[0].ID), u, true, short.Number},
		{"one-time notice PDF", fmt.Sprintf("/intake/docs/%d/pdf", notices[1].ID), u, true, short.Number},
	} {
		r := row.who.get(row.path)
		moStatus(t, row.place, r, http.StatusOK)
		body := r.Body
		if strings.HasPrefix(body, "%PDF") {
			body = strings.Join(strings.Fields(pdfText(t, []byte(body))), "")
		}
		if strings.Contains(body, fullID) || strings.Contains(body, fullID[6:14]) {
			t.Errorf("%s (%s): the full ID number or its birth date is shown", row.place, row.path)
		}
		if row.shows != "" && !strings.Contains(moText(body), row.shows) {
			t.Errorf("%s (%s) does not show the case (%s):\n%s", row.place, row.path, row.shows, moTail(moText(body), 800))
		}
		if row.masked && !strings.Contains(body, maskedID) {
			t.Errorf("%s (%s): no masked number:\n%s", row.place, row.path, moTail(moText(body), 800))
		}
	}
}
