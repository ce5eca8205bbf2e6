package main

import (
	"log/slog"
	"testing"
	"time"

	"bianmin/appliance/intake"
	"bianmin/appliance/staff"
)

// The served calendar carries the intake's due dates with it: a closure
// set on the calendar (page or CLI, the same *calendar.Calendar) moves an
// open case's due date in the same write (issue 13, deadlines on the
// shared working-day calendar; shipped 2026 notice: 国庆 1–7 Oct, make-up
// Sat 10 Oct).
func TestCalendarChangeMovesDueDates(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	now := time.Date(2026, 9, 24, 9, 0, 0, 0, cst)
	svc, err := openServicesAt(t.TempDir(), slog.New(slog.DiscardHandler), cst, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	if err := svc.openRecords(cst); err != nil {
		t.Fatal(err)
	}
	unit, err := svc.staff.CreateUnit("t", staff.Unit{Name: "民政办", Active: true})
	if err != nil {
		t.Fatal(err)
	}
	console := intake.Actor{Name: "t", Console: true}
	it, err := svc.intake.SaveItem(console, intake.Item{Code: "MZ-1", Name: "临时救助申请", UnitID: unit.ID, LegalBasis: "《社会救助暂行办法》",
		Procedure: "申请—受理—审批", Fee: "不收费", LegalDays: 20, PromisedDays: 5, Category: intake.CategoryPromised, Active: true})
	if err != nil {
		t.Fatal(err)
	}
	c, err := svc.intake.Register(console, intake.NewCase{ItemID: it.ID, Applicant: intake.Applicant{Name: "张三", Phone: "13800138000"},
		IDNumber: "11010519491231002X"})
	if err != nil {
		t.Fatal(err)
	}
	if c, err = svc.intake.Step(console, c.ID, intake.StepInput{Action: intake.ActAccept}); err != nil || c.DueDate != "2026-10-09" {
		t.Fatalf("accepted Thu 24 Sep: due %s, %v", c.DueDate, err)
	}
	cal, err := svc.liveCalendar()
	if err != nil {
		t.Fatal(err)
	}
	if err := cal.SetDay("office", time.Date(2026, 9, 30, 0, 0, 0, 0, cst), false, "停电闭厅"); err != nil {
		t.Fatal(err)
	}
	if c, _ = svc.intake.Case(c.ID); c.DueDate != "2026-10-10" {
		t.Errorf("after the closure on Wed 30 Sep the case is due %s, want the make-up Sat 2026-10-10", c.DueDate)
	}
}
