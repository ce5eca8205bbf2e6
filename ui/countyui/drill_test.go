package countyui

import (
	"bytes"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/attendance"
	"bianmin/appliance/boxkey"
	"bianmin/appliance/county"
	"bianmin/appliance/intake"
	"bianmin/appliance/staff"

	"github.com/xuri/excelize/v2"
)

var nextRE = regexp.MustCompile(`href="([^"]+)" data-next>`)

// TestCountyDrillDown walks county → township → unit → person → day in
// links, sorts and filters a level, exports it to XLSX (read back) and
// prints the county report PDF (pdftotext).
func TestCountyDrillDown(t *testing.T) {
	e := newEnv(t)
	key := boxkey.Generate()
	if _, err := e.c.AddBox("test", "城关镇", "420102", key.PublicText()); err != nil {
		t.Fatal(err)
	}
	// A Monday in the past: 王建国 comes in 40 minutes late, 李秀英 never.
	monday := time.Now().AddDate(0, 0, -7)
	for monday.Weekday() != time.Monday || monday.Day() > 25 { // Monday to Wednesday in one month
		monday = monday.AddDate(0, 0, -1)
	}
	thursday := monday.AddDate(0, 0, 3)
	e.app.Now = func() time.Time { return thursday }
	std, _ := attendance.PresetByKey(attendance.DefaultPresetKey)
	late := std.Sessions[0].Start.On(monday).Add(40 * time.Minute)
	// Sent on Thursday: Monday to Wednesday are judged.
	if _, err := e.c.Receive(sealRecords(t, key, 1, thursday, map[string][]any{
		"unit": {staff.Unit{ID: 1, Name: "民政办", Active: true}},
		"staff": {staff.Staff{ID: 1, StaffNo: "QS001", Name: "王建国", UnitID: 1, StartDate: "2020-01-01"},
			staff.Staff{ID: 2, StaffNo: "QS002", Name: "李秀英", UnitID: 1, StartDate: "2020-01-01"}},
		"punch": {attendance.Punch{ID: 1, StaffID: 1, Time: late, Source: attendance.SourceFingerprint}},
		"case": {intake.CaseRecord{Case: intake.Case{ID: 1, Number: "2026-000001", UnitID: 1, OwnerStaffID: 1, Category: intake.CategoryPromised,
			Status: intake.StatusDelivered, ReceivedAt: late, DecidedAt: late.Add(24 * time.Hour), ClosedAt: late.Add(24 * time.Hour)}}},
	}), "http test"); err != nil {
		t.Fatal(err)
	}
	c := e.login(account.RoleCountyViewer)
	path := "/county"
	for _, level := range []string{"county", "township", "unit", "person"} {
		code, page := c.get(path)
		if code != http.StatusOK || !strings.Contains(page, `data-level="`+level+`"`) {
			t.Fatalf("%s at %s: %d\n%s", level, path, code, page)
		}
		if level == "unit" { // 王建国's row
			page = page[strings.Index(page, `data-row="王建国"`):]
		}
		m := nextRE.FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("%s: no link down\n%s", level, page)
		}
		path = strings.ReplaceAll(m[1], "&amp;", "&")
	}
	code, day := c.get(path)
	if code != http.StatusOK || !strings.Contains(day, `data-status="late"`) || !strings.Contains(day, "迟到") {
		t.Fatalf("the day at %s: %d\n%s", path, code, day)
	}

	// The unit's people sorted by absence, largest first, then only the
	// late ones.
	unit := regexp.MustCompile(`/townships/\d+/units/\d+`).FindString(path)
	_, page := c.get(unit + "?sort=absent&desc=1")
	if i, j := strings.Index(page, `data-row="李秀英"`), strings.Index(page, `data-row="王建国"`); i < 0 || j < 0 || i > j {
		t.Errorf("sorted by absence: 李秀英 at %d, 王建国 at %d", i, j)
	}
	if _, page := c.get(unit + "?only=late"); strings.Contains(page, `data-row="李秀英"`) || !strings.Contains(page, `data-row="王建国"`) {
		t.Error("only the late: the filter does not hold")
	}
	if !regexp.MustCompile(`(?s)data-category="promised">.*?承诺件.*?>1<.*?>1<.*?>100%<`).MatchString(page) {
		t.Error("the unit's cases by category: no promised case closed on time")
	}

	// The unit's table as XLSX, read back.
	resp, err := c.hc.Get(e.srv.URL + unit + "/export.xlsx?sort=absent&desc=1")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(resp.Body)
	resp.Body.Close()
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("export: %v (%s)", err, resp.Header.Get("Content-Type"))
	}
	rows, err := x.GetRows(x.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range rows {
		if len(r) > 5 && (strings.HasPrefix(r[0], "王建国") || strings.HasPrefix(r[0], "李秀英") || r[0] == "合计") {
			names = append(names, r[0]+"="+r[2]+"/"+r[5])
		}
	}
	if strings.Join(names, " ") != "李秀英 QS002=0/3 王建国 QS001=1/2.5 合计=1/5.5" {
		t.Errorf("XLSX rows (name=late/absent days): %v\n%v", names, rows)
	}

	// The county report in the official layout.
	resp, err = c.hc.Get(e.srv.URL + "/county/report.pdf")
	if err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	_, _ = buf.ReadFrom(resp.Body)
	resp.Body.Close()
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF")) {
		t.Fatalf("report: %s %q", resp.Header.Get("Content-Type"), buf.String()[:min(200, buf.Len())])
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("no pdftotext")
	}
	pdf := filepath.Join(t.TempDir(), "r.pdf")
	if err := os.WriteFile(pdf, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), "")
	for _, want := range []string{"县政务服务中心", "全县乡镇便民服务中心运行情况的通报", "一、总体情况", "城关镇", "迟到1次", "旷工5.5天", "三、办件分类", "承诺件", "四、需关注的问题"} {
		if !strings.Contains(text, want) {
			t.Errorf("the report PDF has no %q:\n%s", want, out)
		}
	}
}

// TestDrillColumnKeys: every drill-down column has its heading in both
// languages (the keys are made at run time).
func TestDrillColumnKeys(t *testing.T) {
	e := newEnv(t)
	for _, col := range county.Columns() {
		if !e.app.i18n.HasKey("countyroll.col." + col) {
			t.Errorf("no heading for column %s", col)
		}
	}
}
