package ui

// Review of the web layer's authorization and request handling: whose
// data a staff member or a window lead can reach by changing an id or a
// form field, CSRF on every state-changing route, redirects after login,
// the password change under the login's rate limit, and the public kiosk
// stream's cap.

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/punchclock"
)

// TestReviewAuthzStaffAndLeadScope: staff reach only their own records, a
// lead only their window's, whatever id or form field they send; the
// office's record pages and decisions stay closed to them.
func TestReviewAuthzStaffAndLeadScope(t *testing.T) {
	env := newTestEnv(t)
	env.clock.set(env.moAt("2026-04-10 10:00"))
	env.longRemedyWindow()
	liu, zhang, wang := env.moStaff("QS004"), env.moStaff("QS003"), env.moStaff("QS001")
	env.moDay(liu, "2026-03-03", map[string]string{"afternoon_out": ""})
	env.moDay(wang, "2026-03-03", map[string]string{"afternoon_out": ""})
	staffC := env.moLogin(account.RoleStaff, liu)
	lead := env.moLogin(account.RoleLead, zhang) // window 2: 张伟 and 刘芳; 王建国 sits elsewhere
	office := env.loginAs(account.RoleOffice)

	// Another person's month by ?staff=.
	moStatus(t, "staff: another's month", staffC.get(fmt.Sprintf("/attendance/month?staff=%d&m=2026-03", wang.ID)), http.StatusForbidden)
	moStatus(t, "lead: other window's month", lead.get(fmt.Sprintf("/attendance/month?staff=%d&m=2026-03", wang.ID)), http.StatusForbidden)

	// The punch list ignores filters outside the scope.
	for who, c := range map[string]*client{"staff": staffC, "lead": lead} {
		r := c.get("/attendance/punches?from=2026-03-03&to=2026-03-03&q=QS001")
		moStatus(t, who+": punches filtered for QS001", r, http.StatusOK)
		if strings.Contains(r.Body, `<td class="p-no">QS001</td>`) || strings.Contains(r.Body, `<td class="p-name">王建国</td>`) {
			t.Errorf("%s: the punch list shows 王建国's punches", who)
		}
	}
	r := staffC.get("/attendance/punches?from=2026-03-03&to=2026-03-03")
	if !strings.Contains(r.Body, `<td class="p-no">QS004</td>`) {
		t.Errorf("staff: own punches missing from the punch list")
	}

	// A remedy "for" someone else is filed for oneself; the prefilled form
	// does not tell what another person's point was judged.
	r = staffC.get(fmt.Sprintf("/attendance/remedies?staff=%d&date=2026-03-03&point=afternoon_out", wang.ID))
	moStatus(t, "staff: remedy form for another", r, http.StatusOK)
	if strings.Contains(r.Body, "王建国") {
		t.Errorf("staff: the remedy form names 王建国")
	}
	r = staffC.moPost("/attendance/remedies", "staff", fmt.Sprint(wang.ID), "date", "2026-03-03", "point", "afternoon_out", "reason", "指纹机没有识别")
	moStatus(t, "staff: remedy for another", r, http.StatusSeeOther)
	if strings.Contains(r.Location, "staff=") {
		t.Errorf("after the remedy: %q names a person", r.Location)
	}
	if list, err := env.app.Records.Remedies(wang.ID, "2026-03-01", "2026-04-01"); err != nil || len(list) != 0 {
		t.Fatalf("a staff member filed a remedy for 王建国: %+v %v", list, err)
	}
	mine, err := env.app.Records.Remedies(liu.ID, "2026-03-01", "2026-04-01")
	if err != nil || len(mine) != 1 {
		t.Fatalf("the remedy was not filed for 刘芳 herself: %+v %v", mine, err)
	}

	// An errand "for" someone else is registered for oneself too; the
	// office's errand for 王建国 stays out of the lead's and staff's lists.
	r = lead.moPost("/attendance/errands", "staff", fmt.Sprint(wang.ID), "date", "2026-04-10", "start", "14:00", "end", "15:00", "reason", "送材料")
	moStatus(t, "lead: errand for another", r, http.StatusSeeOther)
	if es, _ := env.app.Records.Errands(wang.ID, env.moAt("2026-04-10 00:00"), env.moAt("2026-04-11 00:00")); len(es) != 0 {
		t.Fatalf("a lead registered an errand for 王建国: %+v", es)
	}
	if es, _ := env.app.Records.Errands(zhang.ID, env.moAt("2026-04-10 00:00"), env.moAt("2026-04-11 00:00")); len(es) != 1 {
		t.Fatalf("the lead's errand was not registered for 张伟 himself: %+v", es)
	}
	r = office.moPost("/attendance/errands", "staff", fmt.Sprint(wang.ID), "date", "2026-04-10", "start", "16:00", "end", "17:00", "reason", "去县中心开会")
	moStatus(t, "office: errand for 王建国", r, http.StatusSeeOther)
	for who, c := range map[string]*client{"staff": staffC, "lead": lead} {
		if r := c.get("/attendance/errands"); strings.Contains(r.Body, "去县中心开会") {
			t.Errorf("%s sees 王建国's errand", who)
		}
	}
	if r := office.get("/attendance/remedies"); !strings.Contains(r.Body, "刘芳（QS004）") {
		t.Errorf("the office does not see 刘芳's remedy")
	}

	// The office's pages and decisions, by id.
	for who, c := range map[string]*client{"staff": staffC, "lead": lead} {
		moStatus(t, who+": staff record", c.get(fmt.Sprintf("/settings/staff/%d", wang.ID)), http.StatusForbidden)
		moStatus(t, who+": staff record change", c.moPost(fmt.Sprintf("/settings/staff/%d", liu.ID), "action", "leave", "leave_date", "2026-04-01"), http.StatusForbidden)
		moStatus(t, who+": enrolment job", c.get("/attendance/enrol/jobs/0123456789abcdef.json"), http.StatusForbidden)
		moStatus(t, who+": enrolment page", c.get(fmt.Sprintf("/attendance/enrol/%d", liu.ID)), http.StatusForbidden)
		moStatus(t, who+": approve own remedy", c.moPost(fmt.Sprintf("/attendance/remedies/%d/approve", mine[0].ID)), http.StatusForbidden)
		moStatus(t, who+": off-post record", c.moPost("/attendance/offpost", "staff", fmt.Sprint(wang.ID), "date", "2026-04-10", "start", "09:00", "minutes", "200"), http.StatusForbidden)
	}
	if got, _ := env.app.Staff.GetStaff(liu.ID); got.EndDate != "" {
		t.Fatal("a refused request deactivated 刘芳")
	}
}

// TestReviewAuthzReportDrafts: drafts ("d-…") and their downloads are not
// found for window leads and staff, whatever the id.
func TestReviewAuthzReportDrafts(t *testing.T) {
	env := newTestEnv(t)
	office := env.loginAs(account.RoleOffice)
	id := generateDraft(t, office, "weekly", weekStart(time.Now()).AddDate(0, 0, -7).Format(dateLayout))
	for _, role := range []account.Role{account.RoleLead, account.RoleStaff} {
		c := env.loginAs(role)
		for _, p := range []string{"/reports/" + id, "/reports/" + id + "/pdf", "/reports/" + id + "/xlsx"} {
			moStatus(t, string(role)+" "+p, c.get(p), http.StatusNotFound)
		}
		if r := c.get("/reports"); strings.Contains(r.Body, id) {
			t.Errorf("%s: the report list shows the draft", role)
		}
		moStatus(t, string(role)+": publish", c.moPost("/reports/publish", "draft", id), http.StatusForbidden)
	}
}

// TestReviewCSRFOnEveryStateChange: every route that is not a GET refuses
// a request without the form's token, for a role that may use it.
func TestReviewCSRFOnEveryStateChange(t *testing.T) {
	env := newTestEnv(t)
	for _, rt := range env.app.Routes() {
		if rt.Method == http.MethodGet {
			continue
		}
		c := env.client()
		if !rt.Public {
			c = env.loginAs(rt.Roles[0])
		}
		r := c.do(rt.Method, examplePath(rt.Path), url.Values{})
		if r.Status != http.StatusForbidden || !strings.Contains(r.Body, "页面已过期") {
			t.Errorf("%s %s without a token as %v: %d, want 403 (expired page)", rt.Method, rt.Path, rt.Roles, r.Status)
		}
	}
}

// TestReviewGetRoutesChangeNothing: requesting every GET page as the
// office writes no audit entry and no outbox entry (GET never changes
// state, so it needs no CSRF token) — except the backup download, which
// writes exactly its own audit entry (who took the copy and from where)
// and nothing for the outbox.
func TestReviewGetRoutesChangeNothing(t *testing.T) {
	env := newTestEnv(t)
	office := env.loginAs(account.RoleOffice)
	head := func() (uint64, int) {
		es, err := env.db.AuditEntries("", 1)
		if err != nil || len(es) != 1 {
			t.Fatalf("audit: %v %v", es, err)
		}
		return es[0].Seq, env.db.OutboxLen()
	}
	seq, out := head()
	for _, rt := range env.app.Routes() {
		if rt.Method != http.MethodGet || rt.Path == "/kiosk/attendance/events" {
			continue
		}
		office.get(examplePath(rt.Path))
	}
	if s, o := head(); s != seq+1 || o != out {
		t.Fatalf("GET requests wrote: audit head %d → %d, outbox %d → %d; want one audit entry (the backup download)", seq, s, out, o)
	}
	if es, _ := env.db.AuditEntries("", 1); es[0].Action != "backup.download" {
		t.Fatalf("the one entry GET wrote is %q, want backup.download", es[0].Action)
	}
}

// TestReviewNoOpenRedirect: a next= that a browser would turn into another
// host (a tab or newline dropped, a backslash read as a slash) goes home.
func TestReviewNoOpenRedirect(t *testing.T) {
	env := newTestEnv(t)
	anon := env.client()
	for _, next := range []string{"/%09/evil.example", "/%0a/evil.example", "/%0d%0a/evil.example", "/%5Cevil.example",
		"/%2F%2Fevil.example", "//evil.example", "https://evil.example/", "/\t/evil.example"} {
		r := anon.get("/lang/en?next=" + strings.ReplaceAll(next, "\t", "%09"))
		if r.Status != http.StatusSeeOther || r.Location != "/" {
			t.Errorf("/lang next=%q: %d %q, want 303 to /", next, r.Status, r.Location)
		}
	}
	if r := anon.get("/lang/zh-CN?next=/attendance/month%3Fm%3D2026-03"); r.Location != "/attendance/month?m=2026-03" {
		t.Errorf("a local next is lost: %q", r.Location)
	}
	// The login form keeps only a safe next, and so does its POST.
	r := anon.get("/login?next=/%09/evil.example")
	if !strings.Contains(r.Body, `name="next" value="/"`) {
		t.Errorf("the login form carries an unsafe next: %s", regexp.MustCompile(`name="next"[^>]*`).FindString(r.Body))
	}
	r = anon.post("/login", url.Values{"username": {"t-staff"}, "password": {testPassword}, "next": {"/\t/evil.example"}})
	if r.Status != http.StatusSeeOther || r.Location != "/" {
		t.Errorf("login with next=/\\t/evil.example: %d %q, want 303 to /", r.Status, r.Location)
	}
}

// TestReviewPasswordChangeIsRateLimited: guessing the old password on the
// change form spends the login's budget for this address and account, so
// a signed-in browser cannot try passwords faster than the login page
// allows.
func TestReviewPasswordChangeIsRateLimited(t *testing.T) {
	env := newTestEnv(t)
	c := env.loginAs(account.RoleStaff)
	try := func(old string) response {
		return c.post("/account/password", url.Values{"old_password": {old}, "new_password": {"Qingshan-2026"}, "confirm_password": {"Qingshan-2026"}})
	}
	for i := 1; i <= 5; i++ {
		if r := try(fmt.Sprintf("guess-%d-wrong", i)); r.Status != http.StatusBadRequest {
			t.Fatalf("wrong old password %d: %d, want 400", i, r.Status)
		}
	}
	if r := try(testPassword); r.Status != http.StatusTooManyRequests || !strings.Contains(r.Body, "失败次数过多") {
		t.Fatalf("6th attempt with the right password: %d, want 429", r.Status)
	}
	// The same budget guards the login page for that user from this address.
	r := env.client().post("/login", url.Values{"username": {"t-staff"}, "password": {testPassword}})
	if r.Status != http.StatusTooManyRequests {
		t.Fatalf("login after 5 wrong old passwords: %d, want 429", r.Status)
	}
	env.clock.set(time.Now().Add(16 * time.Minute)) // the window passes
	if r := try(testPassword); r.Status != http.StatusSeeOther {
		t.Fatalf("the change after the window: %d, want 303", r.Status)
	}
}

// TestReviewKioskStreamCap: an anonymous address holds at most
// anonStreamsPerAddr streams; one more is told 503 and to retry, and a
// closed stream frees its place. (Registered screens and the pool over
// many addresses: TestRegisteredScreenKeepsItsStream, TestStreamSlots and
// the process test TestKioskStreamsFromManyAddresses.)
func TestReviewKioskStreamCap(t *testing.T) {
	env := newTestEnv(t)
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr}
	open := func(ctx context.Context) (*http.Response, error) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, env.srv.URL+"/kiosk/attendance/events", nil)
		req.Header.Set("Accept", "text/event-stream")
		return hc.Do(req)
	}
	var cancels []context.CancelFunc
	defer func() {
		for _, cancel := range cancels {
			cancel()
		}
	}()
	for i := 0; i < anonStreamsPerAddr; i++ {
		ctx, cancel := context.WithCancel(context.Background())
		cancels = append(cancels, cancel)
		resp, err := open(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("stream %d: %d, want 200", i+1, resp.StatusCode)
		}
	}
	resp, err := open(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" || !strings.Contains(string(body), "实时连接已满") {
		t.Fatalf("stream %d: %d (Retry-After %q), want 503 with Retry-After and the reason", anonStreamsPerAddr+1, resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	cancels[0]() // one screen goes away
	waitFor(t, "the closed stream's place", func() bool { return env.app.streams.anonOpen() < anonStreamsPerAddr })
	ctx, cancel := context.WithCancel(context.Background())
	cancels = append(cancels, cancel)
	if resp, err := open(ctx); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("a stream after one closed: %v %v, want 200", resp, err)
	}
}

// TestReviewKioskStreamHidesTechnicianText: the public stream does not
// pass on an error's technical detail (paths, store errors).
func TestReviewKioskStreamHidesTechnicianText(t *testing.T) {
	env := newTestEnv(t)
	env.app.Clock.Hub().Publish(punchclock.Event{Kind: punchclock.EventError, At: time.Now(), StaffID: 1,
		Message: "write /var/lib/bianmin/bianmin.db: input/output error"})
	r := env.client().get("/kiosk/attendance/events")
	moStatus(t, "events", r, http.StatusOK)
	if !strings.Contains(r.Body, "event: error") || strings.Contains(r.Body, "/var/lib/bianmin") {
		t.Fatalf("the public stream: %.500s", r.Body)
	}
}
