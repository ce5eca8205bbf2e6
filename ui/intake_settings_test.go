package ui

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"bianmin/appliance/account"
	"bianmin/appliance/intake"
)

// TestIntakeNoticeSettingsPage: the office names the reconsideration body
// and the court every refusal states (regulation 002 line 27: 申请人享有
// 依法申请行政复议或者提起行政诉讼的权利); limits shorter than the law's
// (行政复议法 art. 20: 60 日; 行政诉讼法 art. 46: 6 个月) and empty names are
// refused in words; the save is audited and needs the CSRF token; the
// directors read the settings, the staff do not reach them; the next
// refusal document states the names saved.
func TestIntakeNoticeSettingsPage(t *testing.T) {
	env, it, clerk, u := docEnv(t)
	office := env.loginAs(account.RoleOffice)
	page := office.get("/intake/settings")
	moStatus(t, "settings page", page, http.StatusOK)
	if !strings.Contains(page.Body, `action="/intake/settings/notice"`) || !strings.Contains(page.Body, `name="review_days" type="number" value="60"`) {
		t.Fatalf("no remedies form with the law's 60 days:\n%s", moTail(moText(page.Body), 1200))
	}
	// the uploads also need the uplink's permission: the page says which
	if !strings.Contains(page.Body, `data-uplink-full="false"`) {
		t.Errorf("the page does not say the uplink masks the numbers")
	}
	us, err := env.app.Uplink.Settings()
	if err != nil {
		t.Fatal(err)
	}
	us.FullIDs = true
	if err := env.app.Uplink.SaveSettings("t", us); err != nil {
		t.Fatal(err)
	}
	if body := office.get("/intake/settings").Body; !strings.Contains(body, `data-uplink-full="true"`) {
		t.Errorf("the page does not follow the uplink's setting")
	}
	for _, row := range []struct {
		name string
		form url.Values
		want []string // messages on the page
	}{
		{"30 days (行政复议法 art. 20: 60)", url.Values{"review_body": {"青山县人民政府"}, "review_days": {"30"}, "court": {"青山县人民法院"}, "litigation_months": {"6"}},
			[]string{"请填 60 到 365 之间的整数"}},
		{"3 months (行政诉讼法 art. 46: 6)", url.Values{"review_body": {"青山县人民政府"}, "review_days": {"60"}, "court": {"青山县人民法院"}, "litigation_months": {"3"}},
			[]string{"请填 6 到 24 之间的整数"}},
		{"no names, days in words", url.Values{"review_body": {" "}, "review_days": {"六十"}, "court": {""}, "litigation_months": {"6"}},
			[]string{"请填写整数"}},
		{"no names", url.Values{"review_body": {""}, "review_days": {"60"}, "court": {""}, "litigation_months": {"6"}},
			[]string{"请填写此项", "有几处需要修改"}},
	} {
		r := office.post("/intake/settings/notice", row.form)
		moStatus(t, row.name, r, http.StatusBadRequest)
		text := moText(r.Body)
		for _, w := range row.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: the page lacks %q:\n%s", row.name, w, moTail(text, 1200))
			}
		}
	}
	good := url.Values{"review_body": {"青山县人民政府"}, "review_days": {"60"}, "court": {"青山县人民法院"}, "litigation_months": {"6"}}
	moStatus(t, "no CSRF token", office.do(http.MethodPost, "/intake/settings/notice", good), http.StatusForbidden)
	moStatus(t, "a director saves", env.loginAs(account.RoleDirector).post("/intake/settings/notice", maps.Clone(good)), http.StatusForbidden)
	moStatus(t, "a clerk reads", u.get("/intake/settings"), http.StatusForbidden)
	if ns, _ := env.app.Intake.NoticeSettings(); ns.Court != "" {
		t.Fatalf("a refused save stored %+v", ns)
	}
	r := office.post("/intake/settings/notice", good)
	moStatus(t, "save", r, http.StatusSeeOther)
	if body := moText(office.get(r.Location).Body); !strings.Contains(body, "救济途径已保存") {
		t.Errorf("no flash after the save")
	}
	es, err := env.db.AuditEntries("intake/notice_settings", 1)
	if err != nil || len(es) != 1 || es[0].Action != "intake.notice_settings" || es[0].Actor != "t-office" {
		t.Errorf("audit %+v, %v", es, err)
	}
	dir := moText(env.loginAs(account.RoleDirector).get("/intake/settings").Body)
	if !strings.Contains(dir, "青山县人民法院") {
		t.Errorf("the director does not read the court:\n%s", moTail(dir, 800))
	}

	// The refusal to accept states them.
	cs, err := env.app.Intake.Register(clerk, intake.NewCase{ItemID: it.ID, Applicant: intake.Applicant{Name: "张三", Phone: "13800138000"},
		IDNumber: fullID, Received: []string{"申请书"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.app.Intake.Step(clerk, cs.ID, intake.StepInput{Action: intake.ActRefuse, Note: "不属于本中心职权范围"}); err != nil {
		t.Fatal(err)
	}
	moStatus(t, "refusal notice", u.moPost(fmt.Sprintf("/intake/cases/%d/docs", cs.ID), "kind", "refusal"), http.StatusSeeOther)
	docs, err := env.app.Intake.CaseNotices(cs.ID)
	if err != nil || len(docs) != 1 {
		t.Fatalf("documents %d, %v", len(docs), err)
	}
	pdf := u.get(fmt.Sprintf("/intake/docs/%d/pdf", docs[0].ID))
	moStatus(t, "refusal PDF", pdf, http.StatusOK)
	text := strings.Join(strings.Fields(pdfText(t, []byte(pdf.Body))), "")
	for _, w := range []string{"不予受理通知书", "60日内向青山县人民政府申请行政复议", "6个月内依法向青山县人民法院提起行政诉讼"} {
		if !strings.Contains(text, w) {
			t.Errorf("the refusal lacks %q:\n%s", w, text)
		}
	}
}
