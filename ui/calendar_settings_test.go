package ui

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"bianmin/appliance/account"
)

// moUpload posts a multipart form with one file.
func (c *client) moUpload(path, field, name, content string, kv ...string) response {
	c.env.t.Helper()
	fields := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		fields.Add(kv[i], kv[i+1])
	}
	return c.postMultipart(path, fields, map[string][2]string{field: {name, content}})
}

// TestCalendarOverrides: the office closes a day and opens it again; the
// reason is required; removing a change that does not exist is refused.
func TestCalendarOverrides(t *testing.T) {
	env := newTestEnv(t)
	office := env.loginAs(account.RoleOffice)
	r := office.get("/settings/calendar?y=2026")
	moStatus(t, "calendar", r, http.StatusOK)
	for _, want := range []string{"2026年2月", "春节", `class="cal-makeup"`, "没有本地调整", "国办发明电〔2025〕7号"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("the calendar page lacks %q", want)
		}
	}
	day := env.moAt("2026-03-06 00:00")
	r = office.moPost("/settings/calendar/days", "date", "2026-03-06", "working", "0", "reason", "")
	moStatus(t, "no reason", r, http.StatusBadRequest)
	if !strings.Contains(r.Body, "请填写原因") {
		t.Errorf("no inline reason error")
	}
	r = office.moPost("/settings/calendar/days", "date", "2026-03-06", "working", "0", "reason", "停电闭馆")
	moStatus(t, "close a day", r, http.StatusSeeOther)
	if env.app.Calendar.IsWorkday(day) {
		t.Fatal("6 March 2026 is still a working day")
	}
	if r = office.get("/settings/calendar?y=2026"); !strings.Contains(r.Body, "停电闭馆") || !strings.Contains(r.Body, "cal-override") {
		t.Errorf("the change is not listed and marked")
	}
	moStatus(t, "director changes", env.loginAs(account.RoleDirector).moPost("/settings/calendar/days/clear", "date", "2026-03-06"), http.StatusForbidden)
	moStatus(t, "clear", office.moPost("/settings/calendar/days/clear", "date", "2026-03-06"), http.StatusSeeOther)
	if !env.app.Calendar.IsWorkday(day) {
		t.Fatal("6 March 2026 is not a working day again after clearing")
	}
	r = office.moPost("/settings/calendar/days/clear", "date", "2026-03-06")
	moStatus(t, "clear twice", r, http.StatusBadRequest)
	if !strings.Contains(r.Body, "2026-03-06 没有可取消的本地调整") {
		t.Errorf("clearing a day without a change is not explained")
	}
	r = env.loginAs(account.RoleDeputy).get("/settings/calendar")
	moStatus(t, "deputy reads", r, http.StatusOK)
	if strings.Contains(r.Body, `action="/settings/calendar/days"`) {
		t.Errorf("the deputy is offered the change form")
	}
}

// TestCalendarImport: a notice with problems is refused whole, every
// problem by line; a good one is imported.
func TestCalendarImport(t *testing.T) {
	env := newTestEnv(t)
	office := env.loginAs(account.RoleOffice)
	bad := "year 2027\n2027-01-01 holiday 元旦 | New Year's Day\n2027-02-31 holiday 春节\n2027-02-06 workday\n"
	r := office.moUpload("/settings/calendar/import", "file", "2027.txt", bad)
	moStatus(t, "bad notice", r, http.StatusBadRequest)
	for _, want := range []string{"未导入任何内容", "第 3 行", "“2027-02-31”不是日期", "第 4 行"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("the refusal lacks %q", want)
		}
	}
	if env.app.Calendar.HasYear(2027) {
		t.Fatal("a refused notice was imported")
	}
	good := "year 2027\nsource 测试通知\n2027-01-01 holiday 元旦 | New Year's Day\n2027-02-06 workday 春节调休上班 | Spring Festival make-up workday\n"
	r = office.moUpload("/settings/calendar/import", "file", "2027.txt", good, "year", "2027")
	moStatus(t, "good notice", r, http.StatusSeeOther)
	if !env.app.Calendar.HasYear(2027) {
		t.Fatal("the notice was not imported")
	}
	r = office.get(r.Location)
	if !strings.Contains(r.Body, "已导入 2027 年的通知：放假 1 天，调休上班 1 天") {
		t.Errorf("the import result is not shown")
	}
	r = office.moUpload("/settings/calendar/import", "file", "2028.txt", good, "year", "2028")
	moStatus(t, "year mismatch", r, http.StatusBadRequest)
}

// TestHomeCalendarWarning: from 1 December the office finds next year's
// missing notice among what waits for it; the directors read it too.
func TestHomeCalendarWarning(t *testing.T) {
	env := newTestEnv(t)
	const warning = "2027 年的节假日安排还没有导入"
	env.clock.set(env.moAt("2026-11-30 10:00"))
	if r := env.loginAs(account.RoleOffice).get("/"); strings.Contains(r.Body, warning) {
		t.Error("warned before December")
	}
	env.clock.set(env.moAt("2026-12-01 09:00"))
	r := env.loginAs(account.RoleOffice).get("/")
	if !strings.Contains(r.Body, warning) || !strings.Contains(r.Body, `href="/settings/calendar#import"`) {
		t.Error("no warning on 1 December")
	}
	if r := env.loginAs(account.RoleStaff).get("/"); strings.Contains(r.Body, warning) || strings.Contains(r.Body, "节假日安排尚未导入") {
		t.Error("staff are warned about the calendar")
	}
	if r := env.loginAs(account.RoleDirector).get("/"); !strings.Contains(r.Body, "2027 年的节假日安排尚未导入") {
		t.Error("the director is not told the notice is missing")
	}
}
