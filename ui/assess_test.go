package ui

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/account"

	"github.com/xuri/excelize/v2"
)

// TestAssessPagesAndReports: the inspector records a quarrel of 王建国
// (demo QS001, 民政办) on 10 February 2026 with a photo; the office
// publishes February; 民政办's report carries the person and the
// deduction with its regulation in the official layout (pdftotext: the
// letter's title, the addressee, the closing) and in the workbook (read
// back); the staff page shows the evidence; an empty reason is refused.
func TestAssessPagesAndReports(t *testing.T) {
	env := newTestEnv(t)
	env.clock.set(time.Date(2026, 3, 9, 9, 0, 0, 0, testLocation(t)))
	insp := env.loginAs(account.RoleInspector)
	png := "\x89PNG\r\n\x1a\n a photo"
	r := insp.postMultipart("/assess/inspections", url.Values{"staff": {"1"}, "date": {"2026-02-10"}, "time": {"15:20"}, "item": {"quarrel"}, "note": {"与办事群众争吵"}},
		map[string][2]string{"photo": {"p.png", png}})
	if r.Status != 303 || !strings.Contains(r.Location, "m=2026-02") {
		t.Fatalf("record: %d %q %.400s", r.Status, r.Location, r.Body)
	}
	if r := insp.post("/assess/inspections", url.Values{"staff": {"1"}, "date": {"2026-02-10"}, "time": {"15:20"}, "item": {"late"}}); r.Status != 400 || !strings.Contains(r.Body, "请选择督查扣分项目") {
		t.Errorf("a rule-fed item recorded by hand: %d", r.Status)
	}
	if r := insp.get("/assess/inspections/1/photo"); r.Status != 200 || r.Body != png || r.Header.Get("Content-Type") != "image/png" {
		t.Errorf("photo: %d %q", r.Status, r.Header.Get("Content-Type"))
	}
	office := env.loginAs(account.RoleOffice)
	if r := office.post("/assess/publish", url.Values{"m": {"2026-02"}}); r.Status != 303 {
		t.Fatalf("publish: %d %.300s", r.Status, r.Body)
	}
	page := office.get("/assess/staff/1?m=2026-02")
	for _, want := range []string{"王建国", "与办事群众争吵", "制度文本 003 第 283 行", "−10", "已公布",
		`href="/assess/inspections/1"`, `staff=1#d-2026-02-02"`} { // the evidence: the inspection, the punch day
		if !strings.Contains(page.Body, want) {
			t.Errorf("staff page lacks %q", want)
		}
	}
	pdf := office.get("/assess/report.pdf?m=2026-02&unit=1")
	if pdf.Status != 200 || pdf.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("pdf: %d %s", pdf.Status, pdf.Header.Get("Content-Type"))
	}
	if dir := os.Getenv("BIANMIN_SCREENSHOTS"); dir != "" { // to look at it (pdftoppm -png)
		_ = os.WriteFile(filepath.Join(dir, "assess-report.pdf"), []byte(pdf.Body), 0o644)
	}
	text := strings.Join(strings.Fields(pdfText(t, []byte(pdf.Body))), "")
	for _, want := range []string{"关于2026年2月派驻人员考核结果的函", "民政办：", "王建国", "QS001", "态度不好或与办事对象争吵", "与办事群众争吵", "制度文本003第283行", "特此函告。"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q:\n%.1500s", want, text)
		}
	}
	xl := office.get("/assess/report.xlsx?m=2026-02&unit=1")
	x, err := excelize.OpenReader(strings.NewReader(xl.Body))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	var scores, details []string
	for _, sheet := range x.GetSheetList() {
		rows, _ := x.GetRows(sheet)
		for _, row := range rows {
			line := strings.Join(row, "|")
			if sheet == "考核结果" && strings.Contains(line, "王建国|QS001|") {
				scores = append(scores, line)
			}
			if sheet == "扣分明细" && strings.Contains(line, "王建国|2026-02-10|态度不好或与办事对象争吵|") && strings.Contains(line, "|-10|") {
				details = append(details, line)
			}
		}
	}
	if len(scores) != 1 || len(details) != 1 {
		t.Errorf("workbook: results %q, the quarrel %q (sheets %v)", scores, details, x.GetSheetList())
	}
	// Only the person (or the office) objects, with a reason.
	if r := office.post("/assess/objections", url.Values{"staff": {"1"}, "m": {"2026-02"}, "ref": {"inspection/1"}}); r.Status != 400 || !strings.Contains(r.Body, "请填写理由") {
		t.Errorf("objection without a reason: %d", r.Status)
	}
	if r := env.loginAs(account.RoleStaff).post("/assess/objections", url.Values{"staff": {"1"}, "m": {"2026-02"}, "ref": {"inspection/1"}, "reason": {"x"}}); r.Status != 404 {
		t.Errorf("someone else's objection: %d, want 404", r.Status)
	}
	for _, p := range []string{"/assess?m=2026-02", "/assess/ranking?y=2026&q=1", "/assess/year?y=2026", "/assess/catalog", "/assess/objections", "/assess/inspections?m=2026-02"} {
		if r := office.get(p); r.Status != 200 {
			t.Errorf("%s: %d %.300s", p, r.Status, r.Body)
		}
	}
}
