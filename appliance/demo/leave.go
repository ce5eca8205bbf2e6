package demo

import (
	"fmt"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/attendance"
	"bianmin/appliance/leave"
	"bianmin/appliance/staff"
)

// demoLeave is one leave of the demo: who (staff number), the type, the
// working days from today it starts on and lasts, the substitute, how far
// it went, and the words.
type demoLeave struct {
	who, substitute string
	typ             leave.Type
	from, days      int    // from: working days after today (negative: before)
	half            bool   // the morning only
	done            int    // steps completed (-1: all)
	reject          string // rejected with this reason
	closed          bool   // closed on time (销假)
	reason          string
}

// demoLeaves are a believable month of requests: one closed last week,
// one ended and still to close (a sick leave whose certificate is due),
// one waiting for the home unit's slip, one rejected, a week of annual
// leave waiting at the county, half a day approved.
var demoLeaves = []demoLeave{
	{who: "QS007", substitute: "QS008", typ: leave.TypePersonal, from: -6, days: 1, done: -1, closed: true, reason: "家中老人就医"},
	{who: "QS011", substitute: "QS012", typ: leave.TypeSick, from: -3, days: 2, done: -1, reason: "感冒发烧，医院开具休息两天"},
	{who: "QS001", substitute: "QS002", typ: leave.TypePersonal, from: 3, days: 2, done: 0, reason: "回老家办理房产手续"},
	{who: "QS015", substitute: "QS016", typ: leave.TypePersonal, from: 2, days: 1, reject: "当天窗口业务集中，请改期", reason: "孩子家长会"},
	{who: "QS009", substitute: "QS010", typ: leave.TypeAnnual, from: 8, days: 5, done: 1, reason: "年休假"},
	{who: "QS013", substitute: "QS014", typ: leave.TypePersonal, from: 1, half: true, done: -1, reason: "到县农业局送材料后办私事"},
}

// SeedLeave files the demo's leave requests through the leave service (so
// they are measured, staged and checked like real ones) and takes each as
// far as the demo says. Dates count working days from now on days; the
// standard hours (8:30–12:00, afternoon to 18:00 at the latest) bound
// them. It returns the number of requests filed.
func SeedLeave(svc *leave.Service, reg *staff.Registry, days attendance.WorkingDays, loc *time.Location, now time.Time) (int, error) {
	people, err := reg.ListStaff(staff.Filter{})
	if err != nil {
		return 0, err
	}
	byNo := map[string]uint64{}
	for _, p := range people {
		byNo[p.StaffNo] = p.ID
	}
	office := leave.Actor{Name: "system:demo", Role: account.RoleOffice}
	console := leave.Actor{Name: "system:demo", Console: true}
	today := time.Date(now.In(loc).Year(), now.In(loc).Month(), now.In(loc).Day(), 0, 0, 0, 0, loc)
	n := 0
	for _, d := range demoLeaves {
		first := workday(days, today, d.from)
		last := workday(days, first, d.days-1)
		in := leave.RequestInput{StaffID: byNo[d.who], Type: d.typ, Reason: d.reason, SubstituteID: byNo[d.substitute],
			Start: at(first, 8, 30), End: at(last, 18, 0)}
		if d.half {
			in.End = at(first, 12, 0)
		}
		if in.Start.Before(now) {
			in.LateReason = "演示数据：补登"
		}
		filed, err := svc.Request(office, in)
		if err != nil {
			return n, fmt.Errorf("demo leave of %s: %w", d.who, err)
		}
		n++
		l := filed.Leave
		for i, s := range l.Steps {
			if d.done >= 0 && i >= d.done {
				break
			}
			if l, err = svc.Approve(console, l.ID, s.Kind, leave.StepInput{}); err != nil {
				return n, fmt.Errorf("demo leave of %s, step %s: %w", d.who, s.Kind, err)
			}
		}
		if d.reject != "" {
			if _, err := svc.Reject(console, l.ID, d.reject); err != nil {
				return n, err
			}
		}
		if d.closed && l.Status == leave.StatusApproved {
			if _, err := svc.Close(console, l.ID, l.End); err != nil {
				return n, err
			}
		}
	}
	return n, nil
}

// workday is the n-th working day after day (n < 0: before; 0: day
// itself, or the next working day when day is none).
func workday(days attendance.WorkingDays, day time.Time, n int) time.Time {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for !days.IsWorkday(day) {
		day = day.AddDate(0, 0, 1)
	}
	for n > 0 {
		day = day.AddDate(0, 0, step)
		if days.IsWorkday(day) {
			n--
		}
	}
	return day
}

func at(day time.Time, h, m int) time.Time {
	return time.Date(day.Year(), day.Month(), day.Day(), h, m, 0, 0, day.Location())
}
