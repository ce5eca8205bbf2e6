package ui

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"bianmin/appliance/account"
	"bianmin/appliance/attendance"
)

// TestRemedyRequestApproveShowsInMonth: a missed sign-out, a remedy asked
// for from the month page's link, approved by the office — the month then
// shows the point as 补 and the missed count drops.
func TestRemedyRequestApproveShowsInMonth(t *testing.T) {
	env := newTestEnv(t)
	env.clock.set(env.moAt("2026-04-10 10:00"))
	env.longRemedyWindow()
	liu := env.moStaff("QS004")
	env.moDay(liu, "2026-03-03", map[string]string{"afternoon_out": ""})
	staffC := env.moLogin(account.RoleStaff, liu)

	r := staffC.get("/attendance/month?m=2026-03")
	moStatus(t, "month", r, http.StatusOK)
	if got := moStat(r.Body, "missed"); got != "1" {
		t.Fatalf("missed = %q, want 1", got)
	}
	link := "/attendance/remedies?date=2026-03-03&amp;point=afternoon_out#new"
	if !strings.Contains(r.Body, link) {
		t.Fatalf("no remedy link for the missed sign-out on the month page")
	}
	r = staffC.get("/attendance/remedies?date=2026-03-03&point=afternoon_out")
	moStatus(t, "remedy form", r, http.StatusOK)
	for _, want := range []string{`<option value="afternoon_out" selected>`, `value="2026-03-03"`, "漏签（应在 17:30 打卡）", "已申请补签 0 次，每月最多 3 次"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("remedy form lacks %q", want)
		}
	}
	r = staffC.moPost("/attendance/remedies", "date", "2026-03-03", "point", "afternoon_out", "reason", "指纹机没有识别")
	moStatus(t, "request", r, http.StatusSeeOther)
	if want := "/attendance/month?m=2026-03#x-2026-03-03-afternoon_out"; r.Location != want {
		t.Errorf("after the request: %q, want %q", r.Location, want)
	}
	if r = staffC.get("/attendance/month?m=2026-03"); !strings.Contains(r.Body, "补签待审批") {
		t.Errorf("the month does not say the remedy is pending")
	}
	list, err := env.app.Records.Remedies(liu.ID, "2026-03-01", "2026-04-01")
	if err != nil || len(list) != 1 {
		t.Fatalf("remedies: %v %v", list, err)
	}
	id := list[0].ID

	moStatus(t, "staff approving", staffC.moPost(fmt.Sprintf("/attendance/remedies/%d/approve", id)), http.StatusForbidden)
	office := env.loginAs(account.RoleOffice)
	r = office.get("/attendance/remedies")
	moStatus(t, "office list", r, http.StatusOK)
	if !strings.Contains(r.Body, "刘芳（QS004）") || !strings.Contains(r.Body, fmt.Sprintf("/attendance/remedies/%d/approve", id)) {
		t.Fatalf("the office does not see the pending remedy with an approve button")
	}
	moStatus(t, "approve", office.moPost(fmt.Sprintf("/attendance/remedies/%d/approve", id)), http.StatusSeeOther)
	moStatus(t, "approve twice", office.moPost(fmt.Sprintf("/attendance/remedies/%d/approve", id)), http.StatusBadRequest)
	moStatus(t, "unknown remedy", office.moPost("/attendance/remedies/999/approve"), http.StatusNotFound)

	r = staffC.get("/attendance/month?m=2026-03")
	if got := moStat(r.Body, "missed"); got != "0" {
		t.Errorf("missed after the approval = %q, want 0", got)
	}
	for _, want := range []string{`class="chip chip-remedied"`, `class="chip-mark"`, "补签 17:30（经批准，视同打卡）"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("month after the approval lacks %q", want)
		}
	}
}

// TestRemedyRejectNeedsReason: a rejection states its reason.
func TestRemedyRejectNeedsReason(t *testing.T) {
	env := newTestEnv(t)
	env.clock.set(env.moAt("2026-04-10 10:00"))
	env.longRemedyWindow()
	liu := env.moStaff("QS004")
	r, err := env.app.Records.RequestRemedy("t", attendance.Remedy{StaffID: liu.ID, Date: "2026-03-04", Point: "morning_in", Reason: "忘了"})
	if err != nil {
		t.Fatal(err)
	}
	office := env.loginAs(account.RoleOffice)
	path := fmt.Sprintf("/attendance/remedies/%d/reject", r.ID)
	resp := office.moPost(path, "reason", " ")
	moStatus(t, "reject without reason", resp, http.StatusBadRequest)
	if !strings.Contains(resp.Body, "请填写事由") {
		t.Errorf("no inline reason error")
	}
	moStatus(t, "reject", office.moPost(path, "reason", "当天未到岗"), http.StatusSeeOther)
	resp = env.moLogin(account.RoleStaff, liu).get("/attendance/remedies")
	if !strings.Contains(resp.Body, "已驳回") || !strings.Contains(resp.Body, "当天未到岗") {
		t.Errorf("the staff member does not see the rejection and its reason")
	}
}

// TestRemedyRules: the quota refuses with the rule and its numbers, a
// future date is refused, and a staff member cannot ask for someone else.
func TestRemedyRules(t *testing.T) {
	env := newTestEnv(t)
	env.clock.set(env.moAt("2026-04-10 10:00"))
	env.longRemedyWindow()
	liu, wang := env.moStaff("QS004"), env.moStaff("QS001")
	c := env.moLogin(account.RoleStaff, liu)
	for i, day := range []string{"2026-03-02", "2026-03-03", "2026-03-04"} {
		r := c.moPost("/attendance/remedies", "date", day, "point", "morning_in", "reason", fmt.Sprint("原因", i),
			"staff", fmt.Sprint(wang.ID))
		moStatus(t, "request "+day, r, http.StatusSeeOther)
	}
	if list, _ := env.app.Records.Remedies(wang.ID, "2026-03-01", "2026-04-01"); len(list) != 0 {
		t.Errorf("a staff member asked for a remedy for someone else")
	}
	r := c.moPost("/attendance/remedies", "date", "2026-03-05", "point", "morning_in", "reason", "又忘了")
	moStatus(t, "over the quota", r, http.StatusBadRequest)
	if !strings.Contains(r.Body, "每月最多补签 3 次；2026-03 已申请 3 次") {
		t.Errorf("the quota refusal does not state the rule:\n%s", moTail(moText(r.Body), 1500))
	}
	r = c.moPost("/attendance/remedies", "date", "2026-04-11", "point", "morning_in", "reason", "明天")
	moStatus(t, "future date", r, http.StatusBadRequest)
	if !strings.Contains(r.Body, "2026-04-11 还没有到") || !strings.Contains(r.Body, `aria-describedby="e-date"`) {
		t.Errorf("the future date is not refused next to the date field")
	}
	r = c.moPost("/attendance/remedies", "date", "2026-04-01", "reason", "x")
	moStatus(t, "no point", r, http.StatusBadRequest)
	if !strings.Contains(r.Body, "请选择打卡点") {
		t.Errorf("no point: no inline error")
	}
	// The office may ask on someone's behalf.
	office := env.loginAs(account.RoleOffice)
	r = office.moPost("/attendance/remedies", "staff", fmt.Sprint(wang.ID), "date", "2026-03-02", "point", "morning_in", "reason", "电话报告指纹机故障")
	moStatus(t, "office on behalf", r, http.StatusSeeOther)
	if list, _ := env.app.Records.Remedies(wang.ID, "2026-03-01", "2026-04-01"); len(list) != 1 {
		t.Errorf("the office's request for 王建国 is missing")
	}
	// An account linked to nobody cannot ask.
	r = env.loginAs(account.RoleStaff).moPost("/attendance/remedies", "date", "2026-03-02", "point", "morning_in", "reason", "x")
	moStatus(t, "unlinked", r, http.StatusBadRequest)
}
