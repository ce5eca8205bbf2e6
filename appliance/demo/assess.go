package demo

import (
	"fmt"
	"time"

	"bianmin/appliance/assess"
	"bianmin/appliance/attendance"
	"bianmin/appliance/staff"
)

// SeedAssess gives the demo's last month a few inspections (a missing
// badge, an untidy desk, a quarrel), publishes that month and files one
// objection against the quarrel, so that 考核 has a month with deductions,
// evidence and an objection waiting for the office. Only working days on
// or after the demo's go-live (From) are used; it returns the inspections
// recorded.
func SeedAssess(svc *assess.Service, reg *staff.Registry, days attendance.WorkingDays, loc *time.Location, now time.Time) (int, error) {
	people, err := reg.ListStaff(staff.Filter{})
	if err != nil || len(people) < 3 {
		return 0, err
	}
	y, m, _ := now.In(loc).Date()
	first := time.Date(y, m, 1, 0, 0, 0, 0, loc).AddDate(0, -1, 0)
	var workdays []time.Time
	start := first
	if goLive := From(now, loc); goLive.After(start) {
		start = goLive
	}
	for d := start; d.Before(first.AddDate(0, 1, 0)); d = d.AddDate(0, 0, 1) {
		if days.IsWorkday(d) {
			workdays = append(workdays, d)
		}
	}
	if len(workdays) < 3 {
		return 0, nil // the demo went live too late in last month
	}
	// As the demo's accounts would: the inspector records, the office
	// (admin) publishes, 张伟 (the lead's account) objects.
	const inspector, office = "inspector", "admin"
	events := []struct {
		who  staff.Staff
		day  time.Time
		at   time.Duration
		item string
		note string
	}{
		{people[0], workdays[0], 10*time.Hour + 15*time.Minute, "uniform", "巡查时未佩戴工作牌"},
		{people[1], workdays[len(workdays)/2], 17*time.Hour + 40*time.Minute, "desk", "下班时桌面资料未整理"},
		{people[2], workdays[len(workdays)-1], 15*time.Hour + 20*time.Minute, "quarrel", "与办事群众发生争吵，群众当场投诉"},
	}
	var quarrel assess.Inspection
	for _, e := range events {
		in, err := svc.RecordInspection(inspector, assess.NewInspection{StaffID: e.who.ID, At: e.day.Add(e.at), Item: e.item, Note: e.note})
		if err != nil {
			return 0, fmt.Errorf("demo inspection of %s: %w", e.who.Name, err)
		}
		quarrel = in
	}
	month := first.Format("2006-01")
	if _, err := svc.Publish(office, month); err != nil {
		return 0, err
	}
	if _, err := svc.Object(objector(people, quarrel.StaffID), quarrel.StaffID, month, fmt.Sprintf("inspection/%d", quarrel.ID), "群众情绪激动，本人一直耐心解释，没有争吵，请调取窗口监控核实"); err != nil {
		return 0, err
	}
	return len(events), nil
}

// objector is the account of the person objecting: the demo's lead is
// 张伟 (QS003); anyone else objects through the office.
func objector(people []staff.Staff, id uint64) string {
	for _, p := range people {
		if p.ID == id && p.StaffNo == "QS003" {
			return "lead"
		}
	}
	return "admin"
}
