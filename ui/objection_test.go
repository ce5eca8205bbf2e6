package ui

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"bianmin/appliance/account"
	"bianmin/appliance/attendance"
	"bianmin/appliance/report"
)

// TestObjectionWindow: objections open with a published weekly notice and
// close 2 days after its publication (regulation 004 五、8 "应在2日内提出,
// 逾期视为无效异议"); the store's clock is the test's.
func TestObjectionWindow(t *testing.T) {
	env := newTestEnv(t)
	env.clock.set(env.moAt("2026-03-10 10:00"))
	liu := env.moStaff("QS004")
	env.moDay(liu, "2026-03-03", map[string]string{"afternoon_out": ""})
	env.moDay(liu, "2026-03-04", map[string]string{"morning_in": "08:50"})
	c := env.moLogin(account.RoleStaff, liu)

	// No weekly notice yet: objections are explained, not offered.
	r := c.get("/attendance/objections")
	moStatus(t, "objections", r, http.StatusOK)
	if !strings.Contains(r.Body, "还没有公示的周通报") || strings.Contains(r.Body, `method="post" action="/attendance/objections"`) {
		t.Errorf("without a notice the page must explain and offer no form")
	}
	if r = c.get("/attendance/month?m=2026-03"); strings.Contains(r.Body, "/attendance/objections?date=") {
		t.Errorf("the month offers an objection before any notice is published")
	}
	r = c.moPost("/attendance/objections", "date", "2026-03-03", "point", "afternoon_out", "reason", "当天在岗")
	moStatus(t, "objection without a notice", r, http.StatusBadRequest)

	env.notice.publish(attendance.NoticeRef{ID: 7, PublishedAt: env.moAt("2026-03-09 09:00"), WeekStart: "2026-03-02"})
	r = c.get("/attendance/month?m=2026-03")
	link := "/attendance/objections?date=2026-03-03&amp;point=afternoon_out#new"
	if !strings.Contains(r.Body, link) {
		t.Fatalf("no objection link on the month page once the notice is published")
	}
	r = c.get("/attendance/objections?date=2026-03-03&point=afternoon_out")
	moStatus(t, "objection form", r, http.StatusOK)
	if !strings.Contains(r.Body, "周通报发布后 2 天内可提出异议") || !strings.Contains(r.Body, `<option value="afternoon_out" selected>`) {
		t.Errorf("the objection form lacks the rule or the prefilled point")
	}
	r = c.moPost("/attendance/objections", "date", "2026-03-03", "point", "afternoon_out", "reason", "当天在岗，指纹机未识别")
	moStatus(t, "objection in time", r, http.StatusSeeOther)

	// An off-post record of that week can be objected to as well.
	op, err := env.app.Records.RecordOffPost("t-inspector", attendance.OffPostRecord{StaffID: liu.ID, Start: env.moAt("2026-03-05 09:00"), Minutes: 150})
	if err != nil {
		t.Fatal(err)
	}
	r = c.get("/attendance/month?m=2026-03")
	if want := fmt.Sprintf("/attendance/objections?date=2026-03-05&amp;offpost=%d#new", op.ID); !strings.Contains(r.Body, want) {
		t.Errorf("no objection link for the off-post record")
	}
	r = c.get(fmt.Sprintf("/attendance/objections?date=2026-03-05&offpost=%d", op.ID))
	if !strings.Contains(r.Body, fmt.Sprintf("脱岗记录第 %d 号", op.ID)) {
		t.Errorf("the objection form does not name the off-post record")
	}
	r = c.moPost("/attendance/objections", "date", "2026-03-05", "offpost", fmt.Sprint(op.ID), "reason", "当时在县中心送件，已口头报告")
	moStatus(t, "objection to the off-post record", r, http.StatusSeeOther)

	// Three days after publication: too late, refused with the rule.
	env.clock.set(env.moAt("2026-03-12 09:01"))
	c = env.moLogin(account.RoleStaff, liu)
	r = c.moPost("/attendance/objections", "date", "2026-03-04", "point", "morning_in", "reason", "路上堵车")
	moStatus(t, "late objection", r, http.StatusBadRequest)
	if !strings.Contains(r.Body, "应在公示后 2 日内提出") {
		t.Errorf("the late objection is not refused with the rule:\n%s", moTail(moText(r.Body), 1500))
	}
	if r = c.get("/attendance/month?m=2026-03"); strings.Contains(r.Body, "/attendance/objections?date=2026-03-04") {
		t.Errorf("the month still offers an objection after the window")
	}

	// The office accepts the first: the missed sign-out counts as on time.
	list, err := env.app.Records.Objections(liu.ID, "2026-03-01", "2026-04-01")
	if err != nil || len(list) != 2 || list[0].Point != "afternoon_out" || list[1].OffPostID != op.ID {
		t.Fatalf("objections: %v %v", list, err)
	}
	office := env.loginAs(account.RoleOffice)
	moStatus(t, "staff accepting", c.moPost(fmt.Sprintf("/attendance/objections/%d/accept", list[0].ID)), http.StatusForbidden)
	moStatus(t, "reject without reason", office.moPost(fmt.Sprintf("/attendance/objections/%d/reject", list[0].ID)), http.StatusBadRequest)
	moStatus(t, "accept", office.moPost(fmt.Sprintf("/attendance/objections/%d/accept", list[0].ID)), http.StatusSeeOther)
	moStatus(t, "unknown objection", office.moPost("/attendance/objections/999/accept"), http.StatusNotFound)
	r = c.get("/attendance/month?m=2026-03")
	if got := moStat(r.Body, "missed"); got != "0" {
		t.Errorf("missed after the accepted objection = %q, want 0", got)
	}
	if !strings.Contains(r.Body, "异议已采纳") {
		t.Errorf("the month does not say the objection was accepted")
	}
	r = c.get("/attendance/objections")
	if !strings.Contains(r.Body, "已采纳") || !strings.Contains(r.Body, "按时打卡计") {
		t.Errorf("the objection list does not show the accepted correction")
	}
}

// TestObjectionAgainstPublishedReport: without Deps.Notices the objection
// pages read the weekly notices published on the reports pages.
func TestObjectionAgainstPublishedReport(t *testing.T) {
	env := newTestEnv(t)
	env.app.Notices = nil // the reports' own notices
	env.clock.set(env.moAt("2026-03-09 09:00"))
	liu := env.moStaff("QS004")
	env.moDay(liu, "2026-03-03", map[string]string{"morning_in": "08:47"})
	r, err := report.Build(env.db, report.WeekOf(env.moAt("2026-03-02 00:00")), report.Options{Calendar: env.app.Calendar, Location: env.app.loc()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := report.Publish(env.db, "t-office", r, ""); err != nil {
		t.Fatal(err)
	}
	env.clock.set(env.moAt("2026-03-10 10:00"))
	c := env.moLogin(account.RoleStaff, liu)
	page := c.get("/attendance/objections")
	if !strings.Contains(page.Body, "2026-03-02 — 2026-03-08（公示于 2026-03-09 09:00，截止 2026-03-11 09:00）") {
		t.Errorf("the published notice is not offered:\n%s", moTail(moText(page.Body), 1500))
	}
	resp := c.moPost("/attendance/objections", "date", "2026-03-03", "point", "morning_in", "reason", "指纹机排队")
	moStatus(t, "objection", resp, http.StatusSeeOther)
}
