package ui

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"bianmin/appliance/account"
	"bianmin/appliance/device"
	"bianmin/appliance/leave"
)

// homeGroup returns the names listed under a state of a people panel.
func homeGroupNames(t *testing.T, body, panel, state string) []string {
	t.Helper()
	i := strings.Index(body, `data-panel="`+panel+`"`)
	if i < 0 {
		t.Fatalf("no panel %s", panel)
	}
	body = body[i:]
	j := strings.Index(body, `data-state="`+state+`"`)
	if j < 0 {
		t.Fatalf("panel %s has no group %s", panel, state)
	}
	group := body[j:]
	if k := strings.Index(group[1:], `data-state="`); k >= 0 {
		group = group[:k+1]
	}
	var names []string
	for _, m := range regexp.MustCompile(`<li><a href="/attendance/month\?staff=\d+"[^>]*>([^<]+)</a>`).FindAllStringSubmatch(group, -1) {
		names = append(names, m[1])
	}
	return names
}

func wantNames(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("%s: %q, want %q", what, got, want)
	}
}

// TestHomeHallToday: the office's home sorts the hall into in, on leave,
// on an errand, absent and not in yet, with names, by the rule of
// attendance.HallToday; before the morning ends nobody is absent, after it
// those with no punch are.
func TestHomeHallToday(t *testing.T) {
	env := newTestEnv(t)
	env.clock.set(env.moAt("2026-03-10 09:00")) // a Tuesday
	liu, chen, yang := env.moStaff("QS004"), env.moStaff("QS005"), env.moStaff("QS006")
	env.moPunch(liu, "2026-03-10 08:21")
	csv := "staff_no,type,start,end,certificate\nQS005,事假,2026-03-10 08:00,2026-03-10 18:00,\n"
	if _, err := leave.New(env.db).ImportCSV("test", "leave.csv", strings.NewReader(csv), env.app.loc()); err != nil {
		t.Fatal(err)
	}
	office := env.loginAs(account.RoleOffice)
	moStatus(t, "errand", office.moPost("/attendance/errands", "staff", fmt.Sprint(yang.ID), "date", "2026-03-10",
		"start", "09:30", "end", "11:00", "reason", "回社保所交换文件"), http.StatusSeeOther)

	env.clock.set(env.moAt("2026-03-10 10:00"))
	r := office.get("/")
	moStatus(t, "office home", r, http.StatusOK)
	wantNames(t, "in", homeGroupNames(t, r.Body, "hall-today", "in"), liu.Name)
	wantNames(t, "on leave", homeGroupNames(t, r.Body, "hall-today", "leave"), chen.Name)
	wantNames(t, "on an errand", homeGroupNames(t, r.Body, "hall-today", "errand"), yang.Name)
	wantNames(t, "absent at 10:00", homeGroupNames(t, r.Body, "hall-today", "absent"))
	if n := len(homeGroupNames(t, r.Body, "hall-today", "not_in")); n != 17 {
		t.Errorf("not in yet at 10:00: %d people, want 17", n)
	}
	if !strings.Contains(r.Body, "08:21") || !strings.Contains(r.Body, "事假") {
		t.Error("the board does not say when 刘芳 came in, nor 陈明's kind of leave")
	}

	// The morning is over: no punch and no cover of the morning is absent —
	// 杨丽 too, whose errand covered only part of it.
	env.clock.set(env.moAt("2026-03-10 12:30"))
	r = office.get("/")
	if n := len(homeGroupNames(t, r.Body, "hall-today", "absent")); n != 18 {
		t.Errorf("absent at 12:30: %d people, want 18", n)
	}
	wantNames(t, "errand over", homeGroupNames(t, r.Body, "hall-today", "errand"))

	env.clock.set(env.moAt("2026-03-14 10:00")) // a Saturday
	if r = env.loginAs(account.RoleOffice).get("/"); !strings.Contains(r.Body, "今天不是工作日") {
		t.Errorf("on a Saturday the board does not say it is a day off:\n%s", moTail(moText(r.Body), 1500))
	}
}

// TestHomeWaitingAndBadges: a clerk's remedy request is among the
// clerk's open requests and waits for the office — in 待办 and as the
// 考勤 menu badge — until it is decided.
func TestHomeWaitingAndBadges(t *testing.T) {
	env := newTestEnv(t)
	env.clock.set(env.moAt("2026-03-11 10:00"))
	liu := env.moStaff("QS004")
	env.moDay(liu, "2026-03-10", map[string]string{"afternoon_out": ""})
	env.moPunch(liu, "2026-03-11 08:27")
	clerk := env.moLogin(account.RoleStaff, liu)

	r := clerk.get("/")
	moStatus(t, "clerk home", r, http.StatusOK)
	for _, want := range []string{`data-panel="my-today"`, "上午签到", "08:27", `data-panel="my-month"`, "没有待审批的申请"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("clerk home lacks %q", want)
		}
	}
	for _, lacks := range []string{`data-panel="hall-today"`, "待办", "即将推出"} {
		if strings.Contains(r.Body, lacks) {
			t.Errorf("clerk home shows %q", lacks)
		}
	}
	// Someone not in yet at 10:00 is not judged before the day ends: the
	// morning's sign-in is "尚未打卡", not 漏签, beside the hall's "未到".
	late := env.moLogin(account.RoleStaff, env.moStaff("QS005"))
	if r := late.get("/"); !strings.Contains(moText(r.Body), "上午签到 尚未打卡") || strings.Contains(moText(r.Body), "上午签到 漏签") {
		t.Errorf("a clerk not in yet at 10:00:\n%s", moTail(moText(r.Body), 1200))
	}
	moStatus(t, "remedy", clerk.moPost("/attendance/remedies", "date", "2026-03-10", "point", "afternoon_out", "reason", "指纹机没有识别"), http.StatusSeeOther)
	if r = clerk.get("/"); !strings.Contains(moText(r.Body), "补签 2026年3月10日（周二） 下午签退 待处理") {
		t.Errorf("the clerk's open request is not listed:\n%s", moTail(moText(r.Body), 1500))
	}

	office := env.loginAs(account.RoleOffice)
	r = office.get("/")
	if !strings.Contains(moText(r.Body), "1 补签申请待审批") || !strings.Contains(r.Body, `href="/attendance/remedies"`) {
		t.Errorf("the office's 待办 lacks the remedy:\n%s", moTail(moText(r.Body), 2000))
	}
	badge := regexp.MustCompile(`<a href="/attendance/month"[^>]*>考勤 <span class="badge" data-badge="1">`)
	if r = office.get("/attendance/punches"); !badge.MatchString(r.Body) {
		t.Error("the office's 考勤 menu entry has no badge 1 on another page")
	}
	if r = clerk.get("/attendance/punches"); strings.Contains(r.Body, `class="badge"`) {
		t.Error("the clerk's menu has a badge")
	}
	director := env.loginAs(account.RoleDirector)
	if r = director.get("/"); !strings.Contains(r.Body, `data-panel="office-queue"`) || strings.Contains(r.Body, `class="badge"`) {
		t.Error("the director should read the office's queue without a badge")
	}
}

// TestHomeTechnician: the technician's home shows every device, why one
// fails in Chinese with the driver's English beneath (lang="en"), the
// clock and the backups; the office sees only the failing device.
func TestHomeTechnician(t *testing.T) {
	env := newTestEnv(t)
	env.app.Devices.SetKeyed("fingerprint", "serial", "/dev/bianmin-fingerprint", device.StateReconnecting,
		device.Reason{Key: "serial.err.unplugged"}, "serial port /dev/bianmin-fingerprint: device unplugged — check the cable")
	tech := env.loginAs(account.RoleTechnician)
	r := tech.get("/")
	moStatus(t, "technician home", r, http.StatusOK)
	for _, want := range []string{`data-panel="devices"`, "指纹机", "设备没有接上或已拔出，请检查连接线和电源。",
		`<span class="detail" lang="en">serial port /dev/bianmin-fingerprint: device unplugged — check the cable</span>`,
		`data-panel="time"`, "已校准", `data-panel="backups"`, "1 设备故障"} {
		if !strings.Contains(r.Body, want) && !strings.Contains(moText(r.Body), want) {
			t.Errorf("technician home lacks %q", want)
		}
	}
	if strings.Contains(r.Body, `data-panel="hall-today"`) {
		t.Error("the technician sees the hall's attendance")
	}
	r = env.loginAs(account.RoleOffice).get("/")
	if !strings.Contains(r.Body, "设备没有接上或已拔出") || strings.Contains(r.Body, "demo-serial") {
		t.Error("the office's device panel should list the failing device only")
	}
	if strings.Contains(r.Body, `lang="en">serial port`) {
		t.Error("the office is shown the technician's English detail on its home page")
	}
	r = tech.get("/devices")
	if !strings.Contains(r.Body, `data-reason>设备没有接上或已拔出`) || !strings.Contains(r.Body, `<span class="detail" lang="en">serial port`) {
		t.Error("the devices page does not word the failure in Chinese with the English detail")
	}
	if regexp.MustCompile(`\d+(ms|s|m)\b`).MatchString(moText(r.Body)) {
		t.Errorf("the devices page shows a Go duration: %s", moText(r.Body))
	}
}

// TestHomeInspectorAndLead: the inspector's home lists today's errands
// and the month's off-post records; a window lead sees their window only.
func TestHomeInspectorAndLead(t *testing.T) {
	env := newTestEnv(t)
	env.clock.set(env.moAt("2026-03-10 09:00"))
	liu, wang := env.moStaff("QS004"), env.moStaff("QS001")
	office := env.loginAs(account.RoleOffice)
	moStatus(t, "errand", office.moPost("/attendance/errands", "staff", fmt.Sprint(wang.ID), "date", "2026-03-10",
		"start", "09:30", "end", "11:00", "reason", "去县中心开会"), http.StatusSeeOther)
	env.clock.set(env.moAt("2026-03-10 10:00"))
	insp := env.loginAs(account.RoleInspector)
	moStatus(t, "off post", insp.moPost("/attendance/offpost", "staff", fmt.Sprint(liu.ID), "date", "2026-03-09", "start", "15:00", "minutes", "30"), http.StatusSeeOther)
	r := insp.get("/")
	text := moText(r.Body)
	for _, want := range []string{"今天的外出备案", "王建国（QS001） 外出中", "去县中心开会", "2026年3月脱岗记录", "刘芳（QS004）", "30 分钟"} {
		if !strings.Contains(text, want) {
			t.Errorf("inspector home lacks %q:\n%s", want, moTail(text, 1500))
		}
	}
	lead := env.moLogin(account.RoleLead, env.moStaff("QS003"))
	r = lead.get("/")
	if !strings.Contains(r.Body, `data-panel="team-today"`) || strings.Contains(r.Body, `data-panel="hall-today"`) {
		t.Fatal("the lead's home should show the window, not the hall")
	}
	if names := homeGroupNames(t, r.Body, "team-today", "not_in"); len(names) == 0 || len(names) > 5 {
		t.Errorf("the lead's window: %q", names)
	}
}
