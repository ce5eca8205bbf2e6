package ui

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"bianmin/appliance/account"
	"bianmin/appliance/attendance"
)

// settingsForm is the attendance settings form as the page sends it for s,
// with changes (field → value) applied.
func attSettingsPost(s attendance.Settings, changes map[string]string) url.Values {
	form := url.Values{}
	for k, v := range settingsValues(s, true) {
		form.Set(k, v)
	}
	for k, v := range changes {
		form.Set(k, v)
	}
	return form
}

// TestAttSettingsValidation: every problem shows next to its own field,
// typed numbers that are no numbers too, and nothing is saved.
func TestAttSettingsValidation(t *testing.T) {
	env := newTestEnv(t)
	office := env.loginAs(account.RoleOffice)
	r := office.get("/settings/attendance")
	moStatus(t, "form", r, http.StatusOK)
	for _, want := range []string{"标准（一日四签到，夏冬季作息）", `name="sessions[1].seasons[0].from" type="text" value="05-01"`, `value="14:30"`, "每月补签次数上限"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("the form lacks %q", want)
		}
	}
	r = office.post("/settings/attendance", attSettingsPost(attendance.DefaultSettings(), map[string]string{
		"late_grace_minutes":                "200",
		"sessions[1].end":                   "13:00",
		"remedy_quota":                      "0",
		"early_grace_minutes":               "五",
		"missed_escalation[1].at_least":     "3",
		"sessions[1].seasons[0].from":       "13-01",
		"late_early_escalation[1].at_least": "",
	}))
	moStatus(t, "invalid", r, http.StatusBadRequest)
	for field, want := range map[string]string{
		"late_grace_minutes":        "宽限须在 0 到 120 分钟之间",
		"sessions-1-end":            "结束时间 13:00 须晚于开始时间 14:00",
		"remedy_quota":              "每月补签次数上限 须在 1 到 31 之间",
		"early_grace_minutes":       "请填写整数",
		"missed_escalation-1":       "后一档的次数和旷工都须多于前一档",
		"sessions-1-seasons-0-from": "日期须写成 月-日，如 05-01",
	} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("no error %q for %s", want, field)
		}
	}
	if !strings.Contains(r.Body, `id="ef-late_grace_minutes">宽限须在 0 到 120 分钟之间`) {
		t.Errorf("the grace error is not next to its field")
	}
	if set, _ := attendance.LoadSettingsDB(env.db); set.UpdatedBy != "" {
		t.Errorf("invalid settings were saved")
	}
}

// TestAttSettingsSaveLoadRestore: a valid change is saved; loading another
// preset fills the form only; restoring saves a preset's own numbers and
// keeps the limits. The directors read, the office writes.
func TestAttSettingsSaveLoadRestore(t *testing.T) {
	env := newTestEnv(t)
	office := env.loginAs(account.RoleOffice)
	r := office.post("/settings/attendance", attSettingsPost(attendance.DefaultSettings(), map[string]string{
		"late_grace_minutes": "5", "remedy_quota": "5", "objection_days": "3",
		// A blank row left in the middle: later rows keep their meaning.
		"sessions[1].seasons[0].from": "", "sessions[1].seasons[0].to": "", "sessions[1].seasons[0].start": "", "sessions[1].seasons[0].end": "",
		"sessions[1].seasons_n": "2", "sessions[1].seasons[1].from": "06-01", "sessions[1].seasons[1].to": "09-30",
		"sessions[1].seasons[1].start": "15:00", "sessions[1].seasons[1].end": "18:00",
	}))
	moStatus(t, "save", r, http.StatusSeeOther)
	set, err := attendance.LoadSettingsDB(env.db)
	if err != nil {
		t.Fatal(err)
	}
	p := set.Preset
	if p.Key != "standard" || p.LateGraceMinutes != 5 || set.RemedyQuota != 5 || set.ObjectionDays != 3 {
		t.Errorf("saved %+v", set)
	}
	if s := p.Sessions[1].Seasons; len(s) != 1 || s[0].From.String() != "06-01" || s[0].Start.String() != "15:00" {
		t.Errorf("seasons saved as %+v", s)
	}
	if r = office.get("/settings/attendance"); !strings.Contains(r.Body, "上次修改：t-office") {
		t.Errorf("the page does not say who changed the rules")
	}

	r = office.get("/settings/attendance?preset=nine-to-five")
	moStatus(t, "load", r, http.StatusOK)
	if !strings.Contains(r.Body, "已载入“早九晚五（一日两签到）”的默认数字，尚未保存") || !strings.Contains(r.Body, `value="09:00"`) {
		t.Errorf("loading a preset does not fill the form")
	}
	if set, _ := attendance.LoadSettingsDB(env.db); set.Preset.Key != "standard" {
		t.Errorf("loading a preset saved it")
	}
	moStatus(t, "unknown preset", office.get("/settings/attendance?preset=nope"), http.StatusNotFound)

	r = office.moPost("/settings/attendance", "action", "restore", "preset", "county-b")
	moStatus(t, "restore", r, http.StatusSeeOther)
	set, _ = attendance.LoadSettingsDB(env.db)
	if want, _ := attendance.PresetByKey("county-b"); set.Preset.LateGraceMinutes != want.LateGraceMinutes || set.Preset.Key != "county-b" || set.RemedyQuota != 5 {
		t.Errorf("after restoring county-b: %+v", set)
	}

	director := env.loginAs(account.RoleDirector)
	r = director.get("/settings/attendance")
	moStatus(t, "director reads", r, http.StatusOK)
	if !strings.Contains(r.Body, `<fieldset class="bare" disabled>`) || strings.Contains(r.Body, "保存考勤规则") {
		t.Errorf("the director's form must be read-only")
	}
	moStatus(t, "director writes", director.post("/settings/attendance", attSettingsPost(set, nil)), http.StatusForbidden)
}
