package ui

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"bianmin/appliance/account"
)

// TestErrands: staff register their own errand in advance (a past start is
// refused: regulation 003 "应提前…备案"), the office anyone's; a registered
// errand excuses the punch points within it; staff see only their own.
func TestErrands(t *testing.T) {
	env := newTestEnv(t)
	env.clock.set(env.moAt("2026-03-10 08:00"))
	liu, wang := env.moStaff("QS004"), env.moStaff("QS001")
	c := env.moLogin(account.RoleStaff, liu)
	r := c.get("/attendance/errands")
	moStatus(t, "errands", r, http.StatusOK)
	if !strings.Contains(r.Body, "没有即将开始的外出备案") {
		t.Errorf("no empty state for upcoming errands")
	}
	r = c.moPost("/attendance/errands", "date", "2026-03-10", "start", "07:00", "end", "09:00", "reason", "送文件")
	moStatus(t, "errand in the past", r, http.StatusBadRequest)
	if !strings.Contains(r.Body, "外出须提前备案") {
		t.Errorf("a past errand is not refused with the rule")
	}
	r = c.moPost("/attendance/errands", "date", "2026-03-10", "start", "9:00", "end", "8:00", "reason", "送文件")
	moStatus(t, "end before start", r, http.StatusBadRequest)
	r = c.moPost("/attendance/errands", "date", "2026-03-10", "start", "11:00", "end", "12:30", "reason", "回民政局交换文件",
		"staff", fmt.Sprint(wang.ID))
	moStatus(t, "errand", r, http.StatusSeeOther)
	errands, _ := env.app.Records.Errands(liu.ID, env.moAt("2026-03-10 00:00"), env.moAt("2026-03-11 00:00"))
	if len(errands) != 1 || errands[0].RequestedBy == "" {
		t.Fatalf("the staff member's own errand was not registered as asked by them: %+v", errands)
	}
	office := env.loginAs(account.RoleOffice)
	r = office.moPost("/attendance/errands", "staff", fmt.Sprint(wang.ID), "date", "2026-03-10", "start", "14:00", "end", "15:00", "reason", "去县中心开会")
	moStatus(t, "office registers for 王建国", r, http.StatusSeeOther)
	r = c.get("/attendance/errands")
	if !strings.Contains(r.Body, "回民政局交换文件") || strings.Contains(r.Body, "去县中心开会") {
		t.Errorf("the staff member must see their own errand and not 王建国's")
	}
	if r = office.get("/attendance/errands"); !strings.Contains(r.Body, "去县中心开会") || !strings.Contains(r.Body, "11:00–12:30") {
		t.Errorf("the office must see every errand")
	}
	// The errand excuses the morning sign-out (12:00 lies within it).
	env.clock.set(env.moAt("2026-03-11 09:00"))
	env.moPunch(liu, "2026-03-10 08:25", "2026-03-10 13:55", "2026-03-10 17:35")
	r = env.moLogin(account.RoleStaff, liu).get("/attendance/month?m=2026-03")
	if !strings.Contains(r.Body, `class="chip chip-errand"`) || strings.Contains(r.Body, `id="x-2026-03-10-morning_out"`) {
		t.Errorf("the errand does not excuse the morning sign-out")
	}
}
