package ui

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"bianmin/appliance/account"
	"bianmin/appliance/intake"

	"github.com/xuri/excelize/v2"
)

// TestStatsAndExportPages: the month's statistics page counts the case
// by category; the XLSX export (read back) carries the full ID number for
// the case's own unit and the masked one for another unit's staff
// (issue 13 "exports for other units").
func TestStatsAndExportPages(t *testing.T) {
	env, it, clerk, u := docEnv(t)
	cs, err := env.app.Intake.Register(clerk, intake.NewCase{ItemID: it.ID, Applicant: intake.Applicant{Name: "张三", Phone: "13800138000", Village: "东村"},
		IDNumber: "11010519491231002X", Received: []string{"申请书", "身份证复印件"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.app.Intake.Step(clerk, cs.ID, intake.StepInput{Action: intake.ActAccept}); err != nil {
		t.Fatal(err)
	}
	r := env.loginAs(account.RoleDirector).get("/intake/stats?m=2026-09")
	moStatus(t, "stats", r, http.StatusOK)
	if body := moText(r.Body); !strings.Contains(body, "临时救助申请") || !strings.Contains(body, "全中心合计") {
		t.Errorf("the stats page:\n%s", moTail(body, 1500))
	}
	moStatus(t, "stats as staff", u.get("/intake/stats"), http.StatusForbidden)
	read := func(c *client) []string {
		t.Helper()
		r := c.get("/intake/export.xlsx?from=2026-09-01&to=2026-09-30")
		moStatus(t, "export", r, http.StatusOK)
		f, err := excelize.OpenReader(bytes.NewReader([]byte(r.Body)))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := f.GetRows(f.GetSheetName(0))
		if err != nil || len(rows) < 5 {
			t.Fatalf("rows %v, %v", rows, err)
		}
		return rows[len(rows)-1]
	}
	if own := read(u); own[0] != cs.Number || own[6] != "11010519491231002X" || own[7] != "13800138000" {
		t.Errorf("the own unit's export: %v", own)
	}
	other := otherUnitClerk(env)
	if row := read(other); row[6] != "1101**********002X" || row[7] != "138****8000" {
		t.Errorf("another unit's export is not masked: %v", row)
	}
	moStatus(t, "bad period", u.get("/intake/export.xlsx?from=2026-09-30&to=2026-09-01"), http.StatusBadRequest)
}
