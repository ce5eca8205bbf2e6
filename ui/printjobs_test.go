package ui

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/device"
	"bianmin/appliance/printjob"
	"bianmin/appliance/store"
)

// TestPrintJobsPage: a queue ticket the printer could not print within
// ten minutes is listed for the office with a banner on every page (issue
// 12 §1: “queue tickets older than 10 minutes are listed for staff, not
// printed late”); cancelling it needs the form's CSRF token, is audited
// with who did it, and a cancelled ticket can be printed after all.
func TestPrintJobsPage(t *testing.T) {
	env := newTestEnv(t)
	env.app.Devices.SetKeyed(printerDeviceName, "serial", "/dev/bianmin-printer", device.StateError,
		device.Reason{Key: "escpos.status.paper_out"}, "printer: paper out — load paper")
	t0 := time.Date(2025, 6, 3, 9, 0, 0, 0, testLocation(t))
	env.clock.set(t0)
	var job printjob.Job
	if err := env.db.Update("kiosk", func(tx *store.Tx) error {
		var err error
		job, err = printjob.Submit(tx, printjob.Request{Kind: printjob.KindTicket, Title: "A012 综合业务",
			Doc: printjob.Ticket{Center: "青山镇便民服务中心", Number: "A012"}.Doc()})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	env.clock.set(t0.Add(printjob.TicketStaleAfter))
	if _, err := printjob.ExpireStale(env.db, env.clock.Now()); err != nil {
		t.Fatal(err)
	}

	office := env.loginAs(account.RoleOffice)
	page := office.get("/devices/printer")
	for _, want := range []string{`data-job="1" data-state="stale"`, "超时未打", "A012 综合业务", "仍然补打", "打印机缺纸，请装纸",
		"有 1 张小票没能打印", "取号打印机出了问题"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("/devices/printer lacks %q", want)
		}
	}
	if home := office.get("/"); !strings.Contains(home.Body, "有 1 张小票没能打印") {
		t.Error("the home page lacks the stale-ticket banner")
	}
	if staff := env.loginAs(account.RoleStaff).get("/"); strings.Contains(staff.Body, "张小票没能打印") {
		t.Error("window staff see the print-job banner they cannot act on")
	}

	cancel := "/devices/printer/jobs/1/cancel"
	if r := office.do(http.MethodPost, cancel, url.Values{}); r.Status != http.StatusForbidden {
		t.Errorf("cancel without the CSRF token: %d", r.Status)
	}
	if r := office.post(cancel, nil); r.Status != http.StatusSeeOther {
		t.Fatalf("cancel: %d %.300s", r.Status, r.Body)
	}
	got, _ := printjob.Get(env.db, job.ID)
	if got.State != printjob.StateCancelled || got.EndedBy != "t-office" {
		t.Fatalf("after cancel: %+v", got)
	}
	entries, _ := env.db.AuditEntries("printjob/", 5)
	if len(entries) == 0 || entries[0].Action != "printjob.cancel" || entries[0].Actor != "t-office" {
		t.Fatalf("audit: %+v", entries)
	}
	if r := office.post(cancel, nil); r.Status != http.StatusSeeOther || !strings.Contains(office.get("/devices/printer").Body, "这个任务已经打印完或已作废") {
		t.Errorf("cancelling twice: %d, no refusal shown", r.Status)
	}
	if r := office.post("/devices/printer/jobs/1/retry", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("retry: %d", r.Status)
	}
	if got, _ := printjob.Get(env.db, job.ID); got.State != printjob.StateQueued || !got.Expires.IsZero() {
		t.Fatalf("after retry: %+v", got)
	}
	if r := office.post("/devices/printer/test", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("test page: %d", r.Status)
	}
	if c, _ := printjob.Count(env.db); c.Waiting != 2 || c.Staff != 0 {
		t.Fatalf("counts: %+v", c)
	}
}
