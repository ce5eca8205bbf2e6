package ui

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"bianmin/appliance/account"
)

// TestRemedyWithdrawAndPointState: the office sees beside each pending
// remedy how its point stands now; a punch that arrives meanwhile shows,
// and approving over it is refused; the one who asked withdraws it, nobody
// else may, and it gives its place in the month back.
func TestRemedyWithdrawAndPointState(t *testing.T) {
	env := newTestEnv(t)
	env.clock.set(env.moAt("2026-03-04 10:00"))
	liu, wang := env.moStaff("QS004"), env.moStaff("QS001")
	env.moDay(liu, "2026-03-03", map[string]string{"afternoon_out": ""})
	liuC, wangC := env.moLogin(account.RoleStaff, liu), env.moLogin(account.RoleStaff, wang)

	// A day that does not exist is refused with what is wrong with it.
	r := liuC.moPost("/attendance/remedies", "date", "2026-02-30", "point", "afternoon_out", "reason", "指纹机没有识别")
	moStatus(t, "2026-02-30", r, http.StatusBadRequest)
	if !strings.Contains(r.Body, "2026-02-30 这一天不存在：2026年2月只有 28 天") {
		t.Errorf("the refusal of 2026-02-30 does not say the day does not exist:\n%s", moTail(moText(r.Body), 1500))
	}
	moStatus(t, "request", liuC.moPost("/attendance/remedies", "date", "2026-03-03", "point", "afternoon_out", "reason", "指纹机没有识别"), http.StatusSeeOther)
	list, _ := env.app.Records.Remedies(liu.ID, "2026-03-01", "2026-04-01")
	if len(list) != 1 {
		t.Fatalf("remedies: %+v", list)
	}
	id := list[0].ID
	office := env.loginAs(account.RoleOffice)
	if r := office.get("/attendance/remedies"); !strings.Contains(r.Body, "该点漏签（没有打卡）") {
		t.Errorf("the office does not see that the point is still missing:\n%s", moTail(moText(r.Body), 1500))
	}
	// The clock's own record turns up: an early sign-out at 17:20.
	env.moPunch(liu, "2026-03-03 17:20")
	r = office.get("/attendance/remedies")
	if !strings.Contains(r.Body, "该点已有打卡 17:20（早退）") || !strings.Contains(r.Body, "state-warn") {
		t.Errorf("the office does not see the punch beside the request:\n%s", moTail(moText(r.Body), 1500))
	}
	r = office.moPost(fmt.Sprintf("/attendance/remedies/%d/approve", id))
	moStatus(t, "approve over a punch", r, http.StatusBadRequest)
	if !strings.Contains(r.Body, "计为早退") {
		t.Errorf("the refusal does not say why:\n%s", moTail(moText(r.Body), 1500))
	}
	// Withdrawn by its filer, not by another.
	withdraw := fmt.Sprintf("/attendance/remedies/%d/withdraw", id)
	if r := liuC.get("/attendance/remedies"); !strings.Contains(r.Body, `action="`+withdraw+`"`) {
		t.Errorf("the filer is not offered the withdraw button")
	}
	if r := wangC.get("/attendance/remedies"); strings.Contains(r.Body, withdraw) {
		t.Errorf("someone else is offered the withdraw button")
	}
	r = wangC.moPost(withdraw)
	moStatus(t, "someone else withdraws", r, http.StatusBadRequest)
	moStatus(t, "the filer withdraws", liuC.moPost(withdraw), http.StatusSeeOther)
	r = liuC.get("/attendance/remedies?date=2026-03-05&point=morning_in")
	if !strings.Contains(r.Body, "已撤回") || !strings.Contains(r.Body, "已申请补签 0 次") {
		t.Errorf("after withdrawing: no 已撤回, or the quota still counts it:\n%s", moTail(moText(r.Body), 1500))
	}
	moStatus(t, "withdraw twice", liuC.moPost(withdraw), http.StatusBadRequest)
}

// TestCalendarNoticeTextPasteAndConfirm: the State Council's notice pasted
// as published lists its days for checking; confirming imports them; a
// slip (a wrong weekday) is shown by line and nothing is imported.
func TestCalendarNoticeTextPasteAndConfirm(t *testing.T) {
	env := newTestEnv(t)
	office := env.loginAs(account.RoleOffice)
	text, err := os.ReadFile(filepath.Join("..", "appliance", "calendar", "testdata", "notice-2026.txt"))
	if err != nil {
		t.Fatal(err)
	}
	r := office.moPost("/settings/calendar/notice-text", "notice_text", string(text))
	moStatus(t, "preview", r, http.StatusOK)
	for _, want := range []string{"2026 年：放假 33 天，调休上班 6 天", "国办发明电〔2025〕7号", "2026年1月4日（周日）", "元旦调休上班", "确认导入 2026 年安排"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("the preview lacks %q", want)
		}
	}
	digest := regexp.MustCompile(`name="digest" value="([0-9a-f]+)"`).FindStringSubmatch(r.Body)
	if digest == nil {
		t.Fatal("no digest on the preview")
	}
	// Confirming with the text changed since the preview previews again.
	r = office.moPost("/settings/calendar/notice-text", "notice_text", string(text)+"\n", "digest", digest[1], "confirm", "1")
	moStatus(t, "confirm after an edit", r, http.StatusOK)
	r = office.moPost("/settings/calendar/notice-text", "notice_text", string(text), "digest", digest[1], "confirm", "1")
	moStatus(t, "confirm", r, http.StatusSeeOther)
	if !strings.Contains(r.Location, "imported=2026") {
		t.Errorf("after the import: %q", r.Location)
	}
	imported := false
	for _, n := range env.app.Calendar.Notices() {
		imported = imported || n.Year == 2026 && n.Imported
	}
	if !imported {
		t.Errorf("2026 was not imported: %+v", env.app.Calendar.Notices())
	}
	bad := strings.Replace(string(text), "1月1日（周四）", "1月1日（周五）", 1)
	r = office.moPost("/settings/calendar/notice-text", "notice_text", bad)
	moStatus(t, "a wrong weekday", r, http.StatusBadRequest)
	if !strings.Contains(r.Body, "2026-01-01 不是周五") || !strings.Contains(r.Body, "第 6 行") {
		t.Errorf("the slip is not shown with its line:\n%s", moTail(moText(r.Body), 1500))
	}
}

// TestDeleteUnitMadeByMistake: a unit nothing refers to has a delete
// button and goes; one with staff is refused with the reason.
func TestDeleteUnitMadeByMistake(t *testing.T) {
	env := newTestEnv(t)
	office := env.loginAs(account.RoleOffice)
	moStatus(t, "add", office.moPost("/settings/units", "name", "民证办"), http.StatusSeeOther)
	typo, err := env.app.Staff.UnitByName("民证办")
	if err != nil {
		t.Fatal(err)
	}
	del := fmt.Sprintf("/settings/units/%d/delete", typo.ID)
	if r := office.get("/settings/units"); !strings.Contains(r.Body, `action="`+del+`"`) {
		t.Errorf("no delete button for the unused unit")
	}
	used := env.moStaff("QS001").UnitID
	if r := office.get("/settings/units"); strings.Contains(r.Body, fmt.Sprintf("/settings/units/%d/delete", used)) {
		t.Errorf("a delete button for a unit in use")
	}
	r := office.moPost(fmt.Sprintf("/settings/units/%d/delete", used))
	moStatus(t, "delete a unit in use", r, http.StatusConflict)
	if !strings.Contains(r.Body, "不能删除") {
		t.Errorf("the refusal does not say why:\n%s", moTail(moText(r.Body), 800))
	}
	moStatus(t, "delete the typo", office.moPost(del), http.StatusSeeOther)
	if _, err := env.app.Staff.UnitByName("民证办"); err == nil {
		t.Error("the unit is still there")
	}
	moStatus(t, "staff may not delete", env.moLogin(account.RoleStaff, env.moStaff("QS004")).moPost(del), http.StatusForbidden)
}
