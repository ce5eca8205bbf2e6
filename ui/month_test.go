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
	"bianmin/appliance/locale"
	"bianmin/embedded"
)

// TestMonthLateChipAndEscalation: a late punch shows as an amber chip with
// its minutes; the fourth late arrival of the month brings the standard
// preset's remark (regulation 000 (5) "當月遲到或早退4次以上的計曠工半天").
func TestMonthLateChipAndEscalation(t *testing.T) {
	env := newTestEnv(t)
	env.clock.set(env.moAt("2026-04-10 10:00"))
	liu := env.moStaff("QS004")
	c := env.moLogin(account.RoleStaff, liu)
	for i, day := range []string{"2026-03-02", "2026-03-03", "2026-03-04"} {
		env.moDay(liu, day, map[string]string{"morning_in": fmt.Sprintf("08:%d", 40+i)})
	}
	r := c.get("/attendance/month?m=2026-03")
	moStatus(t, "month", r, http.StatusOK)
	for _, want := range []string{`class="chip chip-late"`, "迟到10分", "上午签到", "2026年3月", "刘芳"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("month page lacks %q", want)
		}
	}
	if got := moStat(r.Body, "late"); got != "3" {
		t.Errorf("late total = %q, want 3", got)
	}
	const remark = "当月迟到早退累计 4 次（满 4 次），计旷工 0.5 天"
	if strings.Contains(moText(r.Body), remark) {
		t.Fatalf("the escalation remark shows after 3 late arrivals")
	}
	env.moDay(liu, "2026-03-05", map[string]string{"morning_in": "08:31"})
	r = c.get("/attendance/month?m=2026-03")
	if got := moStat(r.Body, "late"); got != "4" {
		t.Errorf("late total = %q, want 4", got)
	}
	if !strings.Contains(moText(r.Body), remark) {
		t.Errorf("no escalation remark after the 4th late arrival:\n%s", moTail(moText(r.Body), 2000))
	}
	// The grid starts on Monday: 1 March 2026 is a Sunday, so six blanks.
	grid := r.Body[strings.Index(r.Body, `<table class="month-grid"`):]
	grid = grid[strings.Index(grid, "<tbody>"):]
	if n := strings.Count(grid[:strings.Index(grid, "</tr>")], `class="day blank"`); n != 6 {
		t.Errorf("blank cells before 1 March = %d, want 6", n)
	}
}

// TestMonthWhoSeesWhom: staff see only their own month, a lead their
// window's people, the office anyone; unknown ids are 404; an account
// linked to nobody gets an explanation.
func TestMonthWhoSeesWhom(t *testing.T) {
	env := newTestEnv(t)
	liu, zhang, wang := env.moStaff("QS004"), env.moStaff("QS003"), env.moStaff("QS001")
	staffC := env.moLogin(account.RoleStaff, liu)
	r := staffC.get("/attendance/month")
	moStatus(t, "own month", r, http.StatusOK)
	if !strings.Contains(r.Body, "刘芳") || strings.Contains(r.Body, `name="staff"`) {
		t.Errorf("staff: own month without a person picker expected")
	}
	moStatus(t, "own month by id", staffC.get(fmt.Sprintf("/attendance/month?staff=%d", liu.ID)), http.StatusOK)
	moStatus(t, "another's month", staffC.get(fmt.Sprintf("/attendance/month?staff=%d", wang.ID)), http.StatusForbidden)
	moStatus(t, "unknown id", staffC.get("/attendance/month?staff=99999"), http.StatusNotFound)
	moStatus(t, "bad id", staffC.get("/attendance/month?staff=abc"), http.StatusNotFound)

	lead := env.moLogin(account.RoleLead, zhang) // window 2: 张伟 and 刘芳
	moStatus(t, "lead: team member", lead.get(fmt.Sprintf("/attendance/month?staff=%d", liu.ID)), http.StatusOK)
	moStatus(t, "lead: other window", lead.get(fmt.Sprintf("/attendance/month?staff=%d", wang.ID)), http.StatusForbidden)

	office := env.loginAs(account.RoleOffice)
	r = office.get("/attendance/month")
	moStatus(t, "office without choice", r, http.StatusOK)
	if !strings.Contains(r.Body, "请在上方选择一位工作人员") || !strings.Contains(r.Body, "王建国（QS001）") {
		t.Errorf("office: the picker and its prompt expected")
	}
	r = office.get(fmt.Sprintf("/attendance/month?staff=%d&m=2026-02", wang.ID))
	moStatus(t, "office: anyone", r, http.StatusOK)
	if !strings.Contains(r.Body, "王建国") || !strings.Contains(r.Body, "调休上班") || !strings.Contains(r.Body, "春节") {
		t.Errorf("office: February 2026 of 王建国 with its make-up workday and holiday expected")
	}
	r = env.loginAs(account.RoleStaff).get("/attendance/month")
	moStatus(t, "unlinked", r, http.StatusOK)
	if !strings.Contains(r.Body, "您的账号没有关联工作人员") {
		t.Errorf("unlinked: no explanation")
	}
}

// TestMonthToday: today's points are judged only once due; future days
// are blank; the totals say up to when they count.
func TestMonthToday(t *testing.T) {
	env := newTestEnv(t)
	env.clock.set(env.moAt("2026-03-10 10:00"))
	liu := env.moStaff("QS004")
	env.moPunch(liu, "2026-03-10 08:42")
	c := env.moLogin(account.RoleStaff, liu)
	r := c.get("/attendance/month?m=2026-03")
	moStatus(t, "month", r, http.StatusOK)
	body := moText(r.Body)
	for _, want := range []string{"本月统计截至 2026年3月9日", "当天结束后判定", "待打卡", "迟到12分"} {
		if !strings.Contains(body, want) {
			t.Errorf("month page lacks %q", want)
		}
	}
	if strings.Contains(r.Body, `id="x-2026-03-10-`) {
		t.Error("today's points are listed as exceptions before the day ended")
	}
	if strings.Contains(r.Body, `id="x-2026-03-11-`) {
		t.Error("a future day is judged")
	}
}

// TestRecordsLocaleKeys: every literal locale key of the month and records
// pages' Go files exists (the templates are checked by TestUsedKeysExist).
func TestRecordsLocaleKeys(t *testing.T) {
	cat, err := locale.Load(embedded.FS)
	if err != nil {
		t.Fatal(err)
	}
	keyRE := regexp.MustCompile(`"((?:attui|attendance|records|calendar)\.[a-zA-Z0-9_.-]+)"`)
	var files []string
	for _, pat := range []string{"month_*.go", "remedy_*.go", "objection_*.go", "errand_*.go", "offpost_*.go", "attsettings_*.go", "calendar_*.go"} {
		m, _ := filepath.Glob(pat)
		files = append(files, m...)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range keyRE.FindAllStringSubmatch(string(b), -1) {
			if k := m[1]; !strings.HasSuffix(k, ".") && !strings.HasSuffix(k, "_") && !cat.HasKey(k) {
				t.Errorf("%s uses locale key %q, which no locale file defines", f, k)
			}
		}
	}
	// Keys completed at run time.
	for _, k := range []string{"attui.chip.late", "attui.chip.early", "attui.chip.missing_as_late", "attui.chip.missing_as_early",
		"attui.remedy.state.pending", "attui.remedy.state.approved", "attui.objection.state.accepted",
		"attui.settings.field.remedy_quota", "attui.settings.hint.dedupe_seconds", "attui.short.day_out"} {
		if !cat.HasKey(k) {
			t.Errorf("locale key %q missing", k)
		}
	}
}

// TestRecordsPagesBothLanguages: every page of the area renders in Chinese
// and English with no locale key showing as itself.
func TestRecordsPagesBothLanguages(t *testing.T) {
	env := newTestEnv(t)
	env.clock.set(env.moAt("2026-03-10 10:00"))
	liu := env.moStaff("QS004")
	env.moDay(liu, "2026-03-03", map[string]string{"morning_in": "08:50", "afternoon_out": ""})
	rawKey := regexp.MustCompile(`\b(attui|records|attendance|calendar)\.[a-z_]+\.`)
	pages := []string{fmt.Sprintf("/attendance/month?m=2026-03&staff=%d", liu.ID), "/attendance/remedies", "/attendance/objections",
		"/attendance/errands", "/attendance/offpost", "/settings/attendance", "/settings/calendar", "/"}
	for _, lang := range []string{"zh-CN", "en"} {
		c := env.loginAs(account.RoleOffice)
		c.get("/lang/" + lang)
		for _, p := range pages {
			r := c.get(p)
			moStatus(t, lang+" "+p, r, http.StatusOK)
			if m := rawKey.FindString(moText(r.Body)); m != "" {
				t.Errorf("%s %s shows the locale key %q", lang, p, m)
			}
		}
		if r := c.get(pages[0]); lang == "en" && !strings.Contains(r.Body, "March 2026") {
			t.Errorf("the English month is not titled March 2026")
		}
	}
}

// TestMonthOutOfRange: a month no record can have is refused on the page
// with the words the command line prints (calendar.ParseMonth; issue 9),
// and the page shows the current month instead.
func TestMonthOutOfRange(t *testing.T) {
	env := newTestEnv(t)
	c := env.loginAs(account.RoleOffice)
	for m, want := range map[string]string{
		"0000-01": "0000-01 不在可记录的年份内（2000–2099 年）",
		"9999-12": "9999-12 不在可记录的年份内（2000–2099 年）",
		"2026-13": "“2026-13”不是月份，请写成 2026-02 这样",
	} {
		r := c.get("/attendance/month?m=" + m)
		if r.Status != http.StatusOK || !strings.Contains(r.Body, want) {
			t.Errorf("?m=%s: %d, want the page with %q", m, r.Status, want)
		}
	}
}
