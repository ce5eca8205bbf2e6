package ui

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/attendance"
)

// TestPunchImportWithProgress: 考勤 › 导入打卡 checks a file whole (a file
// with a bad line writes nothing and lists the line), and writes a sound
// one in chunks while its page under 设置 › 导入记录 shows the progress,
// refreshing itself until the import is done.
func TestPunchImportWithProgress(t *testing.T) {
	env := settingsTestApp(t)
	c := env.settingsOffice()
	if _, err := env.staff.ImportCSV("test", strings.NewReader(settingsRoster)); err != nil {
		t.Fatalf("staff import: %v", err)
	}
	settingsExpect(t, "form", c.get("/attendance/punches/import"), http.StatusOK,
		"导入打卡记录", `enctype="multipart/form-data"`, "attlog.dat", "检查并导入打卡")

	bad := "staff_no,time\nQS001,2025-03-03 08:20\nQS999,2025-03-03 08:21\n"
	r := c.upload("/attendance/punches/import", "punches.csv", []byte(bad))
	settingsExpect(t, "rejected", r, http.StatusBadRequest, "文件有 1 处错误，什么都没有导入", "第3行", "QS999")
	if n := countPunches(t, env); n != 0 {
		t.Fatalf("a rejected file wrote %d punches", n)
	}

	// 1,300 punches: three chunks.
	var b bytes.Buffer
	b.WriteString("staff_no,time\n")
	day := time.Date(2025, 1, 1, 0, 0, 0, 0, time.Local)
	for i := 0; i < 1300; i++ {
		at := day.AddDate(0, 0, i/4).Add(time.Duration(8+3*(i%4)) * time.Hour)
		fmt.Fprintf(&b, "QS00%d,%s\n", 1+i%3, at.Format("2006-01-02 15:04"))
	}
	r = c.upload("/attendance/punches/import", "attlog.csv", b.Bytes())
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/settings/imports/") {
		t.Fatalf("import: %d %q: %s", r.Status, r.Location, settingsMain(r.Body))
	}
	var page settingsPage
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		page = c.get(r.Location)
		if strings.Contains(page.Body, `data-import-state="done"`) {
			break
		}
		if !strings.Contains(page.Body, `data-import-state="running"`) || !strings.Contains(page.Body, `http-equiv="refresh"`) {
			t.Fatalf("the import page while it runs: %s", settingsMain(page.Body))
		}
	}
	settingsExpect(t, "done", page, http.StatusOK, "已完成", "读取 1300 条，已写入 1300 条：新打卡 1300，重复 0", "attlog.csv")
	if strings.Contains(page.Body, `http-equiv="refresh"`) {
		t.Error("a finished import's page still refreshes itself")
	}
	if n := countPunches(t, env); n != 1300 {
		t.Fatalf("%d punches written, want 1300", n)
	}
	settingsExpect(t, "list", c.get("/settings/imports"), http.StatusOK, "导入记录", "打卡记录", "attlog.csv", "人员名单", "已完成")
	if r := c.post("/settings/imports/2/abandon", url.Values{}); r.Status != http.StatusSeeOther {
		t.Fatalf("abandon a finished import: %d", r.Status)
	}
	settingsExpect(t, "not stopped", c.get("/settings/imports/2"), http.StatusOK, "这次导入没有停止")
}

func countPunches(t *testing.T, env *settingsEnv) int {
	t.Helper()
	return attendance.New(env.db, 0).Count()
}

// TestStoppedImportPage: a punch import whose person left the hall after
// the file was checked stops part-way; its page says how far it got and
// why (the line and the person), offers 继续导入 and 放弃其余, and
// abandoning keeps what was written.
func TestStoppedImportPage(t *testing.T) {
	env := settingsTestApp(t)
	c := env.settingsOffice()
	if _, err := env.staff.ImportCSV("test", strings.NewReader(settingsRoster)); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	b.WriteString("staff_no,time\n")
	for i := range 300 { // QS001 on lines 2..201, then QS002 (whose record ends before)
		no := "QS001"
		if i >= 200 {
			no = "QS002"
		}
		fmt.Fprintf(&b, "%s,2025-02-%02d %02d:%02d\n", no, 3+i%20, 8+i/20%10, i%60)
	}
	job, err := attendance.StartPunchImport(env.db, "admin", bytes.NewReader(b.Bytes()), attendance.PunchImportOptions{Name: "late.csv", Location: time.Local})
	if err != nil {
		t.Fatal(err)
	}
	li, err := env.staff.StaffByNo("QS002")
	if err != nil {
		t.Fatal(err)
	}
	li.StartDate, li.EndDate = "2025-01-01", "2025-01-31" // left before the file's days, after the check
	if _, err := env.staff.UpdateStaff("test", li); err != nil {
		t.Fatal(err)
	}
	env.app.Imports.Run(context.Background(), job.ID, nil)
	page := c.get(fmt.Sprintf("/settings/imports/%d", job.ID))
	settingsExpect(t, "stopped", page, http.StatusOK, `data-import-state="stopped"`, "导入在写入 200/300 行后停止", "第202行", "继续导入", "放弃其余 100 行")
	if n := countPunches(t, env); n != 200 {
		t.Fatalf("%d punches written before the stop, want 200", n)
	}
	r := c.post(fmt.Sprintf("/settings/imports/%d/abandon", job.ID), url.Values{})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("abandon: %d", r.Status)
	}
	settingsExpect(t, "abandoned", c.get(r.Location), http.StatusOK, `data-import-state="abandoned"`, "已放弃其余（已写入 200/300）", "已放弃其余部分")
	if n := countPunches(t, env); n != 200 {
		t.Fatalf("abandoning changed the punches: %d", n)
	}
}
