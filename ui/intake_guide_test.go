package ui

import (
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"bianmin/appliance/account"
	"bianmin/appliance/intake"
)

// TestServiceGuidePDF: each active service has a printable guide (办事指南,
// regulation 003 line 78) linked from the catalog and from its kiosk page,
// open to anyone as the kiosk page is: an A4 PDF in the official layout
// with everything of the catalog entry — unit, windows, category, legal
// basis, each material with its copies, original or copy and whether it is
// required, procedure, fee and fee basis, the legal and promised limits,
// i.e. the six public items (六公开, 003 line 325) — and a QR code to the
// kiosk page. An inactive or unknown service has none.
func TestServiceGuidePDF(t *testing.T) {
	env, it, _, _ := docEnv(t)
	office := intake.Actor{Name: "office", Role: account.RoleOffice}
	it.Content, it.FeeBasis = "对遭遇突发困难的家庭给予临时救助", "《行政事业性收费管理条例》"
	it.Materials = append(it.Materials, intake.Material{Name: "委托书", Copies: 2, Original: true, Condition: "委托他人办理的"})
	it, err := env.app.Intake.SaveItem(office, it)
	if err != nil {
		t.Fatal(err)
	}
	guide := "/kiosk/services/" + it.Code + "/guide.pdf"
	if body := env.loginAs(account.RoleStaff).get("/intake/catalog").Body; !strings.Contains(body, `href="`+guide+`"`) {
		t.Errorf("the catalog does not link %s", guide)
	}
	anon := env.client()
	if body := anon.get("/kiosk/services/" + it.Code).Body; !strings.Contains(body, `href="`+guide+`" data-guide`) {
		t.Errorf("the kiosk page does not link %s", guide)
	}
	r := anon.get(guide)
	moStatus(t, "guide", r, http.StatusOK)
	if !strings.HasPrefix(r.Body, "%PDF") || r.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("not a PDF: %q", r.Header.Get("Content-Type"))
	}
	text := strings.Join(strings.Fields(pdfText(t, []byte(r.Body))), "")
	w, _ := env.app.Staff.Window(it.WindowIDs[0])
	u, _ := env.app.Staff.Unit(it.UnitID)
	for _, want := range []string{
		"临时救助申请办事指南", "事项编码：D13-001", "青山镇便民服务中心", // masthead
		u.Name, w.Name, "承诺件", // unit, window, category
		"一、服务内容", "对遭遇突发困难的家庭给予临时救助",
		"二、设定依据", "《社会救助暂行办法》",
		"三、申请材料", "申请书", "身份证复印件", "委托书", "委托他人办理的需提供", "原件", "复印件", "必需",
		"四、办理流程", "申请—受理—审批",
		"五、收费标准及依据", "收费标准：不收费", "收费依据：《行政事业性收费管理条例》",
		"六、办理时限", "法定办结时限20个工作日", "承诺办结时限5个工作日",
		"七、办理地点", "扫码查看本事项最新的办事指南",
	} {
		if !strings.Contains(text, strings.Join(strings.Fields(want), "")) {
			t.Errorf("the guide lacks %q:\n%s", want, text)
		}
	}
	if bin, err := exec.LookPath("pdfimages"); err == nil { // the QR code is the page's one picture
		file := filepath.Join(t.TempDir(), "guide.pdf")
		if err := os.WriteFile(file, []byte(r.Body), 0o600); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(bin, "-list", file).Output(); err != nil || strings.Count(strings.TrimSpace(string(out)), "\n") < 2 {
			t.Errorf("no image (QR code) in the guide: %v\n%s", err, out)
		}
	}
	g, err := env.app.Intake.Guide(it.Code, intake.GuideInput{Center: "中心", URL: "http://box/kiosk/services/" + it.Code,
		Words: func(k string, _ map[string]any) string { return k }})
	if err != nil || g.QR != "http://box/kiosk/services/"+it.Code {
		t.Errorf("the guide's QR code leads to %q (%v)", g.QR, err)
	}
	if dir := os.Getenv("BIANMIN_GUIDE_PDF"); dir != "" {
		_ = os.WriteFile(filepath.Join(dir, "guide.pdf"), []byte(r.Body), 0o644)
	}
	moStatus(t, "unknown service", anon.get("/kiosk/services/NO-SUCH/guide.pdf"), http.StatusNotFound)
	it.Active = false
	if _, err := env.app.Intake.SaveItem(office, it); err != nil {
		t.Fatal(err)
	}
	moStatus(t, "inactive service", anon.get(guide), http.StatusNotFound)
}
