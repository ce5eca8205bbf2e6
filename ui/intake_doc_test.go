package ui

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"bianmin/appliance/account"
	"bianmin/appliance/intake"
)

// docEnv is the test app with the intake service and one catalog item of
// 刘芳's unit (window 2): 临时救助申请, 承诺件 of 5 working days, two
// required materials.
func docEnv(t *testing.T) (*testEnv, intake.Item, intake.Actor, *client) {
	t.Helper()
	env := newTestEnv(t)
	env.clock.set(env.moAt("2026-09-24 09:00"))
	if env.app.Intake == nil {
		env.app.Intake = intake.New(env.db, env.app.Calendar)
	}
	liu := env.moStaff("QS004")
	w, _ := env.app.Staff.Window(liu.WindowID)
	it, err := env.app.Intake.SaveItem(intake.Actor{Name: "office", Role: account.RoleOffice}, intake.Item{Code: "D13-001", Name: "临时救助申请",
		UnitID: w.UnitID, WindowIDs: []uint64{w.ID}, LegalBasis: "《社会救助暂行办法》", Procedure: "申请—受理—审批", Fee: "不收费",
		LegalDays: 20, PromisedDays: 5, Category: intake.CategoryPromised, Active: true,
		Materials: []intake.Material{{Name: "申请书", Copies: 1, Original: true, Required: true}, {Name: "身份证复印件", Copies: 1, Required: true}}})
	if err != nil {
		t.Fatal(err)
	}
	u := env.moLogin(account.RoleStaff, liu)
	return env, it, intake.Actor{Name: "t-staff-" + strings.ToLower(liu.StaffNo), Role: account.RoleStaff, StaffID: liu.ID}, u
}

// TestCaseDocuments: the receipt list at registration and the one-time
// notice listing every missing item (regulation 002 line 27), each frozen
// with its number and printed as an A4 PDF whose text pdftotext reads;
// the public status page by the token on the documents shows the masked
// name only and refuses the case number; the phone script reads the same.
func TestCaseDocuments(t *testing.T) {
	env, it, clerk, u := docEnv(t)
	cs, err := env.app.Intake.Register(clerk, intake.NewCase{ItemID: it.ID, WindowID: 0, Applicant: intake.Applicant{Name: "张三", Phone: "13800138000"},
		IDNumber: "11010519491231002X", Received: []string{"申请书"}})
	if err != nil {
		t.Fatal(err)
	}
	base := fmt.Sprintf("/intake/cases/%d/docs", cs.ID)
	r := u.get(base)
	moStatus(t, "documents", r, http.StatusOK)
	if !strings.Contains(r.Body, "还没有出具文书") || !strings.Contains(r.Body, `data-kind="receipt"`) || strings.Contains(r.Body, `data-kind="one_time"`) {
		t.Errorf("a new case offers the receipt only:\n%s", moTail(moText(r.Body), 1500))
	}
	moStatus(t, "one-time notice before its step", u.moPost(base, "kind", "one_time"), http.StatusBadRequest)
	moStatus(t, "receipt", u.moPost(base, "kind", "receipt"), http.StatusSeeOther)
	if _, err := env.app.Intake.Step(clerk, cs.ID, intake.StepInput{Action: intake.ActNotice}); err != nil {
		t.Fatal(err)
	}
	moStatus(t, "one-time notice", u.moPost(base, "kind", "one_time"), http.StatusSeeOther)
	docs, err := env.app.Intake.CaseNotices(cs.ID)
	if err != nil || len(docs) != 2 {
		t.Fatalf("issued %d documents, %v", len(docs), err)
	}
	wants := map[intake.NoticeKind][]string{
		intake.NoticeReceipt: {"收件清单", "青山便民收〔2026〕1号", cs.Number, "申请书", "未收到", "1101**********002X"},
		intake.NoticeOneTime: {"一次性告知书", "青山便民告〔2026〕1号", "第三十二条", "身份证复印件", "青山镇便民服务中心", "2026年9月24日"},
	}
	for _, n := range docs {
		r := u.get(fmt.Sprintf("/intake/docs/%d/pdf", n.ID))
		moStatus(t, string(n.Kind)+" PDF", r, http.StatusOK)
		if !strings.HasPrefix(r.Body, "%PDF") {
			t.Fatalf("%s: not a PDF", n.Kind)
		}
		text := strings.Join(strings.Fields(pdfText(t, []byte(r.Body))), "")
		for _, w := range wants[n.Kind] {
			if !strings.Contains(text, strings.Join(strings.Fields(w), "")) {
				t.Errorf("%s PDF lacks %q:\n%s", n.Kind, w, text)
			}
		}
		if strings.Contains(text, "11010519491231002X") {
			t.Errorf("%s PDF prints the full ID number", n.Kind)
		}
	}
	// The status page by the token on the documents; never by the number.
	qr, _ := url.Parse(docs[0].QR)
	anon := env.client()
	r = anon.get(qr.Path)
	moStatus(t, "status page", r, http.StatusOK)
	body := moText(r.Body)
	for _, w := range []string{"张*", "1101**********002X", "待补正材料", "临时救助申请"} {
		if !strings.Contains(body, w) {
			t.Errorf("the status page lacks %q:\n%s", w, moTail(body, 1500))
		}
	}
	if strings.Contains(body, "张三") || strings.Contains(body, "13800138000") {
		t.Errorf("the status page shows the full name or phone")
	}
	moStatus(t, "status by case number", anon.get("/s/"+cs.Number), http.StatusNotFound)
	moStatus(t, "comment", anon.moPost(qr.Path+"/comment", "text", "窗口态度很好"), http.StatusSeeOther)
	if cms, err := env.app.Intake.CaseComments(cs.ID); err != nil || len(cms) != 1 {
		t.Errorf("comments %v, %v", cms, err)
	}
	r = u.get(fmt.Sprintf("/intake/cases/%d/phone", cs.ID))
	moStatus(t, "phone script", r, http.StatusOK)
	if body := moText(r.Body); !strings.Contains(body, "请问您是张*本人吗") || strings.Contains(body, "002X") {
		t.Errorf("the phone script:\n%s", moTail(body, 1200))
	}
}
