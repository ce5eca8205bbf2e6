package ui

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/attendance"
	"bianmin/appliance/staff"
)

// staffNo looks up a demo staff member.
func (e *testEnv) staffNo(no string) staff.Staff {
	e.t.Helper()
	s, err := e.app.Staff.StaffByNo(no)
	if err != nil {
		e.t.Fatalf("demo staff %s: %v", no, err)
	}
	return s
}

// punch records a fingerprint punch for a demo staff member.
func (e *testEnv) punch(no string, at time.Time, q attendance.TimeQuality) attendance.Punch {
	e.t.Helper()
	p, _, err := e.app.Punches.Record("device:test", attendance.Punch{StaffID: e.staffNo(no).ID, Time: at,
		Source: attendance.SourceFingerprint, Quality: q, Score: 87, Ref: "fingerprint"})
	if err != nil {
		e.t.Fatal(err)
	}
	return p
}

// linkedClient signs in as a new user of role linked to staff member no
// (0 = unlinked).
func (e *testEnv) linkedClient(username string, role account.Role, staffID uint64) *client {
	e.t.Helper()
	u, pw, err := e.accts.CreateUser("test", account.NewUser{Username: username, DisplayName: username, Role: role, StaffID: staffID})
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.accts.ChangePassword("test", u.ID, pw, testPassword, ""); err != nil {
		e.t.Fatal(err)
	}
	c := e.client()
	c.login(username, testPassword)
	return c
}

func expectPage(t *testing.T, what string, r response, status int, want ...string) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("%s: status %d, want %d (location %q): %s", what, r.Status, status, r.Location, settingsMain(r.Body))
	}
	for _, w := range want {
		if !strings.Contains(r.Body, w) {
			t.Errorf("%s: page lacks %q: %s", what, w, settingsMain(r.Body))
		}
	}
}

func expectLacks(t *testing.T, what string, r response, texts ...string) {
	t.Helper()
	for _, s := range texts {
		if strings.Contains(r.Body, s) {
			i := strings.Index(r.Body, s)
			t.Errorf("%s: page should not contain %q: …%s…", what, s, r.Body[max(0, i-300):min(len(r.Body), i+100)])
		}
	}
}

func TestManualPunchValidationAndSuccess(t *testing.T) {
	env := newTestEnv(t)
	office := env.loginAs(account.RoleOffice)
	expectPage(t, "manual form", office.get("/attendance/punches/manual"), http.StatusOK,
		"补录原因", "补录打卡", "王建国 · QS001", `name="csrf_token"`)

	wang := env.staffNo("QS001")
	now := time.Now()
	yesterday := now.AddDate(0, 0, -1).Format(dateLayout)
	valid := func() url.Values {
		return url.Values{"staff": {idString(wang.ID)}, "date": {yesterday}, "time": {"08:29"}, "reason": {"指纹机故障"}}
	}

	r := office.post("/attendance/punches/manual", url.Values{})
	expectPage(t, "empty form", r, http.StatusBadRequest, "请选择人员", "请填写补录原因")

	f := valid()
	f.Set("reason", "   ")
	expectPage(t, "blank reason", office.post("/attendance/punches/manual", f), http.StatusBadRequest, "请填写补录原因")

	f = valid()
	f.Set("date", time.Now().AddDate(0, 0, 1).Format(dateLayout))
	expectPage(t, "tomorrow", office.post("/attendance/punches/manual", f), http.StatusBadRequest, "不能补录将来的打卡")

	f = valid()
	f.Set("time", "25:99")
	expectPage(t, "bad time", office.post("/attendance/punches/manual", f), http.StatusBadRequest, "请填写时间")

	gone := env.staffNo("QS020")
	if _, err := env.app.Staff.SetEndDate("test", gone.ID, time.Now().AddDate(0, 0, -2).Format(dateLayout)); err != nil {
		t.Fatal(err)
	}
	f = valid()
	f.Set("staff", idString(gone.ID))
	expectPage(t, "a person who left", office.post("/attendance/punches/manual", f), http.StatusBadRequest, "此人已离开本中心")

	f = valid()
	f.Set("date", "2026-02-30")
	expectPage(t, "a date that does not exist", office.post("/attendance/punches/manual", f), http.StatusBadRequest, "2026-02-30 这一天不存在：2026年2月只有 28 天")
	if n := env.app.Punches.Count(); n != 0 {
		t.Fatalf("%d punches after only rejected submissions", n)
	}

	r = office.post("/attendance/punches/manual", valid())
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/attendance/punches?") {
		t.Fatalf("valid manual punch: %d %q: %s", r.Status, r.Location, settingsMain(r.Body))
	}
	list, err := env.app.Punches.Punches(wang.ID, now.AddDate(0, 0, -2), now)
	if err != nil || len(list) != 1 {
		t.Fatalf("punches of %s: %v %v", wang.Name, list, err)
	}
	if p := list[0]; p.Source != attendance.SourceManual || p.Reason != "指纹机故障" || p.RecordedBy != "t-office" ||
		p.Time.Format("2006-01-02 15:04") != yesterday+" 08:29" {
		t.Fatalf("stored punch %+v", p)
	}
	expectPage(t, "list after manual punch", office.get(r.Location), http.StatusOK,
		"已补录打卡", "王建国", "QS001", "补录", "指纹机故障", "录入：t-office")

	// The same minute again is a duplicate, said next to the time.
	expectPage(t, "duplicate", office.post("/attendance/punches/manual", valid()), http.StatusBadRequest, "已有打卡")
}

func TestPunchListScopes(t *testing.T) {
	env := newTestEnv(t)
	at := time.Now().Add(-time.Minute)
	env.punch("QS004", at, attendance.TimeSynced)                     // 刘芳, window 2
	env.punch("QS001", at.Add(-2*time.Minute), attendance.TimeUnsure) // 王建国, window 1

	office := env.loginAs(account.RoleOffice)
	r := office.get("/attendance/punches")
	expectPage(t, "office", r, http.StatusOK, `<td class="p-name">刘芳</td>`, `<td class="p-name">王建国</td>`, "时间未校准", "指纹", "87")
	expectPage(t, "office filtered", office.get("/attendance/punches?q=QS004"), http.StatusOK, "刘芳")
	expectLacks(t, "office filtered", office.get("/attendance/punches?q=QS004"), `<td class="p-name">王建国</td>`)

	liu := env.linkedClient("liufang", account.RoleStaff, env.staffNo("QS004").ID)
	r = liu.get("/attendance/punches?q=王建国&unit=1")
	expectPage(t, "staff member", r, http.StatusOK, `<td class="p-name">刘芳</td>`, "只显示您本人")
	expectLacks(t, "staff member", r, `<td class="p-name">王建国</td>`)

	lead := env.linkedClient("zhangwei", account.RoleLead, env.staffNo("QS003").ID) // window 2
	r = lead.get("/attendance/punches")
	expectPage(t, "window lead", r, http.StatusOK, `<td class="p-name">刘芳</td>`, "张伟")
	expectLacks(t, "window lead", r, `<td class="p-name">王建国</td>`)

	unlinked := env.loginAs(account.RoleStaff)
	r = unlinked.get("/attendance/punches")
	expectPage(t, "unlinked staff", r, http.StatusOK, "还没有关联")
	expectLacks(t, "unlinked staff", r, `<td class="p-name">刘芳</td>`, `<td class="p-name">王建国</td>`)

	// Another week is empty and says what to do.
	lastYear := time.Now().AddDate(-1, 0, 0).Format(dateLayout)
	expectPage(t, "empty week", office.get("/attendance/punches?from="+lastYear+"&to="+lastYear), http.StatusOK, "还没有打卡记录")

	if r := office.get("/attendance"); r.Status != http.StatusSeeOther || r.Location != "/attendance/punches" {
		t.Fatalf("/attendance: %d %q", r.Status, r.Location)
	}
	// The office's home shows today's attendance across the hall and leads
	// to the month grid.
	r = office.get("/")
	expectPage(t, "home", r, http.StatusOK, `data-panel="hall-today"`, `href="/attendance/grid"`)
	expectLacks(t, "home", r, "本机时间未校准")
	env.times.Set(attendance.TimeUnsure)
	expectPage(t, "home, clock unsure", office.get("/"), http.StatusOK, "本机时间未校准")
}
