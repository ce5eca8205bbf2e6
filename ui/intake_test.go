package ui

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/account"
)

// fullID is a resident ID number with a right check digit (GB 11643's
// example); masked it reads maskedID.
const (
	fullID   = "11010519491231002X"
	maskedID = "1101**********002X"
)

// TestIntakeCasePages: a clerk of 民政办 registers a case on the page, the
// lists and the case page show the ID number masked, the clerk's unit reads
// it in full (another unit's clerk may not, nor act on the case), and the
// flow's forms move it on.
func TestIntakeCasePages(t *testing.T) {
	env := newTestEnv(t)
	clerk := env.linkedClient("liufang", account.RoleStaff, env.staffNo("QS004").ID)  // 民政办
	other := env.linkedClient("chenming", account.RoleStaff, env.staffNo("QS005").ID) // 社保所
	form := url.Values{"item": {"1"}, "name": {"测试申请人"}, "id_kind": {"resident"}, "id_number": {"110105194912310021"},
		"phone": {"13800138000"}, "village": {"东坑村"}, "material": {"临时救助申请书", "申请人身份证复印件"}}
	r := clerk.post("/intake", form)
	moStatus(t, "a wrong check digit", r, http.StatusBadRequest)
	if !strings.Contains(r.Body, "校验码不对") {
		t.Errorf("no check-digit message: %s", moText(r.Body))
	}
	form.Set("id_number", fullID)
	r = clerk.post("/intake", form)
	moStatus(t, "register", r, http.StatusSeeOther)
	page := r.Location
	if !strings.HasPrefix(page, "/intake/cases/") {
		t.Fatalf("register went to %q", page)
	}
	for _, p := range []string{"/intake", "/intake?name=测试", page} {
		body := clerk.get(p).Body
		if !strings.Contains(body, maskedID) || strings.Contains(body, fullID) {
			t.Errorf("%s: the ID number is not masked", p)
		}
	}
	r = clerk.post(page+"/id", nil)
	moStatus(t, "the unit reads the full number", r, http.StatusOK)
	if !strings.Contains(r.Body, fullID) {
		t.Errorf("the clerk's unit does not see the full number")
	}
	if body := other.get(page).Body; strings.Contains(body, "显示完整号码") || strings.Contains(body, fullID) {
		t.Errorf("another unit is offered the full number")
	}
	r = other.post(page+"/id", nil)
	moStatus(t, "another unit asks for the full number", r, http.StatusBadRequest)
	if strings.Contains(r.Body, fullID) {
		t.Errorf("another unit read the full number")
	}
	moStatus(t, "another unit acts", other.moPost(page+"/step", "action", "notice"), http.StatusBadRequest)
	moStatus(t, "notice", clerk.moPost(page+"/step", "action", "notice", "missing", "户口簿复印件"), http.StatusSeeOther)
	moStatus(t, "a second notice", clerk.moPost(page+"/step", "action", "notice"), http.StatusBadRequest)
	moStatus(t, "accept without the material", clerk.moPost(page+"/step", "action", "accept"), http.StatusBadRequest)
	moStatus(t, "accept", clerk.moPost(page+"/step", "action", "accept", "material", "困难情况证明材料"), http.StatusSeeOther)
	body := moText(clerk.get(page).Body)
	for _, want := range []string{"已受理", "一次性告知补正", "户口簿复印件", "承诺办结", "liufang"} {
		if !strings.Contains(body, want) {
			t.Errorf("the case page lacks %q", want)
		}
	}
	// the audit page (the office's) never shows the full number
	if b := env.loginAs(account.RoleOffice).get("/audit").Body; strings.Contains(b, fullID) {
		t.Errorf("the audit page shows the full number")
	}
}

// TestIntakeDeadlinePages: a month on, the accepted demo cases are past
// their promise — red on the home page, an alert for the office, listed
// as overdue — and the received one is flagged deemed accepted.
func TestIntakeDeadlinePages(t *testing.T) {
	env := newTestEnv(t)
	env.clock.set(time.Now().AddDate(0, 1, 0))
	office := env.loginAs(account.RoleOffice)
	home := office.get("/").Body
	if !strings.Contains(home, `data-alert="intake-overdue"`) || !strings.Contains(home, `data-panel="intake-due"`) {
		t.Errorf("the office's home has no overdue alert or panel: %s", moText(home))
	}
	due := moText(office.get("/intake/due").Body)
	for _, want := range []string{"已超时", "2026-000001", "视为受理"} {
		if !strings.Contains(due, want) {
			t.Errorf("the deadlines page lacks %q", want)
		}
	}
	clerk := env.linkedClient("chenming", account.RoleStaff, env.staffNo("QS005").ID) // 社保所: no case of 民政办
	if body := moText(clerk.get("/intake/due").Body); strings.Contains(body, "2026-000001") {
		t.Errorf("a clerk of another unit sees 民政办's deadlines")
	}
}

// TestIntakeCatalogPages: the office imports the catalog (preview, then
// confirm), the kiosk shows each service's six public items without a
// login.
func TestIntakeCatalogPages(t *testing.T) {
	env := newTestEnv(t)
	office := env.loginAs(account.RoleOffice)
	file := "事项编码,事项名称,窗口单位,受理窗口,设定依据,办理流程,收费标准,法定时限,承诺时限,申请材料\n" +
		"MZ-010,高龄津贴申领,民政办,1,《老年人权益保障法》,申请—审核—发放,不收费,15,10,户口簿/1/原件；身份证/1/原件\n"
	r := office.moUpload("/intake/catalog/import", "file", "事项.csv", file)
	moStatus(t, "preview", r, http.StatusOK)
	m := regexpFind(r.Body, `name="upload" value="([0-9a-f]+)"`, `name="digest" value="([0-9a-f]+)"`)
	if items, _ := env.app.Intake.Items(true); len(items) != 5 {
		t.Fatalf("the preview wrote: %d items", len(items))
	}
	r = office.moPost("/intake/catalog/import/confirm", "upload", m[0], "digest", m[1])
	moStatus(t, "confirm", r, http.StatusOK)
	if !strings.Contains(moText(r.Body), "新增 1 项") {
		t.Errorf("result: %s", moText(r.Body))
	}
	anon := env.client()
	list := anon.get("/kiosk/services")
	moStatus(t, "kiosk list", list, http.StatusOK)
	if !strings.Contains(list.Body, "高龄津贴申领") || !strings.Contains(list.Body, "/kiosk/services/MZ-010") {
		t.Errorf("the kiosk lacks the imported service")
	}
	one := moText(anon.get("/kiosk/services/MZ-010").Body)
	for _, want := range []string{"户口簿", "申请—审核—发放", "不收费", "法定 15 个工作日", "承诺 10 个工作日", "《老年人权益保障法》"} {
		if !strings.Contains(one, want) {
			t.Errorf("the kiosk page lacks %q", want)
		}
	}
	moStatus(t, "an unknown service", anon.get("/kiosk/services/NO-SUCH"), http.StatusNotFound)
}

// regexpFind returns the first group of each pattern in body.
func regexpFind(body string, patterns ...string) []string {
	var out []string
	for _, p := range patterns {
		m := regexp.MustCompile(p).FindStringSubmatch(body)
		if m == nil {
			out = append(out, "")
			continue
		}
		out = append(out, m[1])
	}
	return out
}
