package ui

import (
	"bytes"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/account"

	"github.com/xuri/excelize/v2"
)

// pdfText is the text pdftotext reads; the test skips without it unless
// BIANMIN_REQUIRE_BROWSER=1.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("BIANMIN_REQUIRE_BROWSER") == "1" {
			t.Fatal("pdftotext not found (apt-get install poppler-utils)")
		}
		t.Skip("pdftotext not found")
	}
	cmd := exec.Command(bin, "-enc", "UTF-8", "-layout", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

const jpegScan = "\xFF\xD8\xFF\xE0 a scanned slip"

// TestLeavePages: the office files a 2-day leave for 王建国 (demo QS001)
// with 李秀英 to stand in; the unit's slip is recorded with its scan
// (refused without one on the page); the office approves; the slip PDF
// carries the names and the approval trail (pdftotext); the work card and
// the month's register (XLSX read back) follow; someone else's leave is
// not shown to a staff account.
func TestLeavePages(t *testing.T) {
	env := newTestEnv(t)
	env.clock.set(time.Date(2026, 3, 9, 9, 0, 0, 0, testLocation(t)))
	office := env.loginAs(account.RoleOffice)
	r := office.post("/leave", url.Values{"staff": {"1"}, "type": {"personal"}, "start_date": {"2026-03-10"}, "start_time": {"08:30"},
		"end_date": {"2026-03-11"}, "end_time": {"18:00"}, "reason": {"回老家办理房产手续"}, "substitute": {"2"}})
	if r.Status != http.StatusSeeOther || !regexp.MustCompile(`^/leave/\d+$`).MatchString(r.Location) {
		t.Fatalf("file: %d %q %.400s", r.Status, r.Location, r.Body)
	}
	page := r.Location
	body := office.get(page).Body
	for _, want := range []string{"王建国（QS001）", "2 个工作日（14 小时）", "所在单位", "中心办公室", "李秀英（QS002）", "待所在单位领导签字盖章"} {
		if !strings.Contains(body, want) {
			t.Errorf("the leave's page lacks %q", want)
		}
	}
	// The unit's slip needs its scan on the page.
	r = office.postMultipart(page+"/step", url.Values{"step": {"home_unit"}}, nil)
	if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "请上传单位签章请假条") {
		t.Fatalf("the unit's slip without a scan: %d %.300s", r.Status, r.Body)
	}
	r = office.postMultipart(page+"/step", url.Values{"step": {"home_unit"}, "note": {"单位已盖章"}}, map[string][2]string{"scan": {"单位请假条.jpg", jpegScan}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("the unit's slip: %d %.300s", r.Status, r.Body)
	}
	if r = office.postMultipart(page+"/step", url.Values{"step": {"office"}}, nil); r.Status != http.StatusSeeOther {
		t.Fatalf("the office approves: %d %.300s", r.Status, r.Body)
	}
	body = office.get(page).Body
	if !strings.Contains(body, "已批准") || !strings.Contains(body, "单位请假条.jpg") {
		t.Errorf("after approval the page lacks the status or the scan")
	}
	// The scan is served as it was stored.
	scan := regexp.MustCompile(`href="(` + page + `/files/\d+)"`).FindStringSubmatch(body)
	if scan == nil {
		t.Fatal("no link to the scan")
	}
	if r = office.get(scan[1]); r.Status != http.StatusOK || r.Header.Get("Content-Type") != "image/jpeg" || r.Body != jpegScan {
		t.Errorf("the scan: %d %s %q", r.Status, r.Header.Get("Content-Type"), r.Body)
	}

	// The slip: names and the approval trail, as pdftotext reads them.
	r = office.get(page + "/slip.pdf")
	if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("slip: %d %s", r.Status, r.Header.Get("Content-Type"))
	}
	text := strings.Join(strings.Fields(pdfText(t, []byte(r.Body))), " ")
	for _, want := range []string{"青山镇便民服务中心", "请假条", "王建国（QS001）", "李秀英（QS002）", "事假", "2026-03-10 08:30 至 2026-03-11 18:00",
		"2 个工作日（14 小时）", "所在单位 领导签字盖章 已收到", "中心办公室 批准 已办理", "单位已盖章", "单位请假条.jpg", "审批进度 · 已批准", "请假人签字"} {
		if !strings.Contains(text, want) {
			t.Errorf("the slip lacks %q:\n%s", want, text)
		}
	}
	if dir := os.Getenv("BIANMIN_SCREENSHOTS"); dir != "" {
		os.WriteFile(dir+"/leave-slip.pdf", []byte(r.Body), 0o644)
	}
	if r = office.get(page + "/card.pdf"); r.Status != http.StatusOK || !strings.Contains(strings.Join(strings.Fields(pdfText(t, []byte(r.Body))), ""), "临时工作证") {
		t.Errorf("work card: %d", r.Status)
	} else if dir := os.Getenv("BIANMIN_SCREENSHOTS"); dir != "" {
		os.WriteFile(dir+"/work-card.pdf", []byte(r.Body), 0o644)
	}

	// The register of March: the unit's leave, read back from the XLSX.
	r = office.get("/leave/register.xlsx?m=2026-03")
	if r.Status != http.StatusOK {
		t.Fatalf("register xlsx: %d %.200s", r.Status, r.Body)
	}
	x, err := excelize.OpenReader(strings.NewReader(r.Body))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	found := false
	for _, sheet := range x.GetSheetList() {
		rows, _ := x.GetRows(sheet)
		for _, row := range rows {
			line := strings.Join(row, "|")
			if strings.Contains(line, "王建国（QS001）") && strings.Contains(line, "|2|") && strings.Contains(line, "李秀英（QS002）") {
				found = true
			}
		}
	}
	if !found {
		t.Errorf("the register's workbook has no row for 王建国's 2 days with 李秀英: sheets %v", x.GetSheetList())
	}
	if r = office.get("/leave/register.pdf?m=2026-03"); r.Status != http.StatusOK || !strings.Contains(pdfText(t, []byte(r.Body)), "王建国") {
		t.Errorf("register pdf: %d", r.Status)
	} else if dir := os.Getenv("BIANMIN_SCREENSHOTS"); dir != "" {
		os.WriteFile(dir+"/leave-register.pdf", []byte(r.Body), 0o644)
	}

	// An account linked to nobody sees no one's leave; the directors do.
	if r = env.loginAs(account.RoleStaff).get(page); r.Status != http.StatusNotFound {
		t.Errorf("someone else's leave as staff: %d, want 404", r.Status)
	}
	if r = env.loginAs(account.RoleDirector).get(page); r.Status != http.StatusOK {
		t.Errorf("as the director: %d", r.Status)
	}
	// The director cannot act at the office's step, and says so.
	r = env.loginAs(account.RoleDirector).post("/leave", url.Values{"staff": {"1"}, "type": {"personal"}, "start_date": {"2026-03-16"},
		"start_time": {"08:30"}, "end_date": {"2026-03-16"}, "end_time": {"12:00"}})
	if r.Status != http.StatusBadRequest {
		t.Errorf("a director linked to nobody files leave: %d, want the form back", r.Status)
	}
}

// TestLeaveFormRefusals: the domain's refusals show next to their fields.
func TestLeaveFormRefusals(t *testing.T) {
	env := newTestEnv(t)
	env.clock.set(time.Date(2026, 3, 9, 9, 0, 0, 0, testLocation(t)))
	office := env.loginAs(account.RoleOffice)
	cases := []struct {
		name string
		form url.Values
		want string
	}{
		{"late without a reason", url.Values{"staff": {"1"}, "type": {"personal"}, "start_date": {"2026-03-09"}, "start_time": {"08:30"}, "end_date": {"2026-03-09"}, "end_time": {"12:00"}}, "补登请写明迟交原因"},
		{"a weekend", url.Values{"staff": {"1"}, "type": {"personal"}, "start_date": {"2026-03-14"}, "start_time": {"08:30"}, "end_date": {"2026-03-15"}, "end_time": {"18:00"}}, "没有上班时间"},
		{"no date", url.Values{"staff": {"1"}, "type": {"personal"}, "start_date": {""}, "start_time": {"08:30"}, "end_date": {"2026-03-15"}, "end_time": {"18:00"}}, "请选择日期和时间"},
	}
	for _, tc := range cases {
		r := office.post("/leave", tc.form)
		if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, tc.want) {
			t.Errorf("%s: %d, want the form with %q", tc.name, r.Status, tc.want)
		}
	}
	// A file that is no picture, on the form.
	form := url.Values{"staff": {"1"}, "type": {"personal"}, "start_date": {"2026-03-16"}, "start_time": {"08:30"}, "end_date": {"2026-03-16"}, "end_time": {"12:00"}}
	r := office.postMultipart("/leave", form, map[string][2]string{"files": {"病历.docx", "PK\x03\x04 not a picture"}})
	if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "只收 JPEG、PNG 图片和 PDF") {
		t.Errorf("a .docx: %d %.300s", r.Status, r.Body)
	}
}

// TestLeaveRules: the office switches to preset C and edits a bound; a
// bound out of order is refused next to its field; the directors read the
// page and cannot save.
func TestLeaveRules(t *testing.T) {
	env := newTestEnv(t)
	office := env.loginAs(account.RoleOffice)
	r := office.post("/settings/leave", url.Values{"action": {"preset"}, "key": {"C"}})
	if r.Status != http.StatusOK || !strings.Contains(r.Body, "业务科批准") || !strings.Contains(r.Body, "已载入预设的默认数字") {
		t.Fatalf("load preset C: %d", r.Status)
	}
	form := url.Values{"key": {"C"}, "action": {"save"},
		"tiers.0.up_to": {"1"}, "tiers.0.up_to.unit": {"hour"}, "tiers.0.up_to.inclusive": {"1"},
		"tiers.1.up_to": {"1"}, "tiers.1.up_to.unit": {"day"}, "tiers.1.up_to.inclusive": {"1"},
		"tiers.2.up_to": {"0.5"}, "tiers.2.up_to.unit": {"day"}, "tiers.2.up_to.inclusive": {"1"},
		"substitute.chief_or_lead": {"0.5"}, "substitute.chief_or_lead.unit": {"day"}, "substitute.chief_or_lead.inclusive": {"1"},
		"substitute.staff": {"0.5"}, "substitute.staff.unit": {"day"}, "substitute.staff.inclusive": {"1"},
		"substitute.single_staff_window": {""},
		"quota.chief_days":               {"5"}, "quota.chief_requests": {"5"}, "quota.staff_days": {"3"}, "quota.staff_requests": {"4"},
		"annual_min_piece_days": {"5"}, "training_exempt_days": {"5"}, "uncovered_absence_halves": {"1"}}
	r = office.post("/settings/leave", form)
	if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, `id="e-tiers.2.up_to"`) || !strings.Contains(r.Body, "须大于上一档") {
		t.Fatalf("a bound below the one before: %d", r.Status)
	}
	form.Set("tiers.2.up_to", "3")
	if r = office.post("/settings/leave", form); r.Status != http.StatusSeeOther {
		t.Fatalf("save: %d %.300s", r.Status, r.Body)
	}
	body := office.get("/settings/leave").Body
	if !strings.Contains(body, `name="quota.staff_requests" type="number" min="0" step="1" value="4"`) {
		t.Errorf("the saved quota is not shown")
	}
	director := env.loginAs(account.RoleDirector)
	if r = director.get("/settings/leave"); r.Status != http.StatusOK || strings.Contains(r.Body, "保存请假规则") {
		t.Errorf("the director's page: %d, with a save button: %v", r.Status, strings.Contains(r.Body, "保存请假规则"))
	}
	if r = director.post("/settings/leave", form); r.Status != http.StatusForbidden {
		t.Errorf("the director saves: %d, want 403", r.Status)
	}
}
