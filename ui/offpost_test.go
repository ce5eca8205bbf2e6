package ui

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"bianmin/appliance/account"
)

// TestOffPost: inspectors and the office record off-post events, the
// directors read them, staff cannot; more than the limit counts absence.
func TestOffPost(t *testing.T) {
	env := newTestEnv(t)
	env.clock.set(env.moAt("2026-03-10 16:00"))
	liu := env.moStaff("QS004")
	moStatus(t, "staff reading", env.moLogin(account.RoleStaff, liu).get("/attendance/offpost"), http.StatusForbidden)
	insp := env.loginAs(account.RoleInspector)
	r := insp.get("/attendance/offpost")
	moStatus(t, "inspector", r, http.StatusOK)
	if !strings.Contains(r.Body, "擅离岗位超过 120 分钟，每次计旷工 0.5 天") || !strings.Contains(r.Body, "这个月没有脱岗记录") {
		t.Errorf("the page must state the rule and the empty month")
	}
	r = insp.moPost("/attendance/offpost", "staff", fmt.Sprint(liu.ID), "date", "2026-03-10", "start", "17:00", "minutes", "30")
	moStatus(t, "future start", r, http.StatusBadRequest)
	if !strings.Contains(r.Body, "脱岗开始时间不能晚于现在") {
		t.Errorf("a future start is not refused")
	}
	r = insp.moPost("/attendance/offpost", "staff", fmt.Sprint(liu.ID), "date", "2026-03-10", "start", "09:10", "minutes", "abc")
	moStatus(t, "minutes not a number", r, http.StatusBadRequest)
	r = insp.moPost("/attendance/offpost", "staff", fmt.Sprint(liu.ID), "date", "2026-03-10", "start", "09:10", "minutes", "130", "note", "巡查不在岗")
	moStatus(t, "record", r, http.StatusSeeOther)
	r = env.loginAs(account.RoleDirector).get("/attendance/offpost?m=2026-03")
	moStatus(t, "director", r, http.StatusOK)
	if !strings.Contains(moText(r.Body), "擅离岗位 130 分钟，超过 120 分钟，计旷工 0.5 天") || !strings.Contains(r.Body, "巡查不在岗") {
		t.Errorf("the record and its verdict are not listed:\n%s", moTail(moText(r.Body), 1500))
	}
	if strings.Contains(r.Body, `action="/attendance/offpost"`) {
		t.Errorf("the director is offered the form")
	}
	env.clock.set(env.moAt("2026-03-11 09:00"))
	r = env.moLogin(account.RoleStaff, liu).get("/attendance/month?m=2026-03")
	if !strings.Contains(r.Body, "脱岗") || !strings.Contains(moText(r.Body), "计旷工 0.5 天") {
		t.Errorf("the month does not show the off-post event")
	}
}
