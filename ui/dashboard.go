package ui

import (
	"net/http"

	"bianmin/appliance/attendance"
	"bianmin/appliance/staff"

	"github.com/labstack/echo/v4"
)

// dashboardData is the 首页 summary.
type dashboardData struct {
	StaffActive int
	Units       int
	Windows     int
	Devices     int
	DevicesOK   int
	Outbox      int
	Punches     int  // punches taken today
	TimeUnsure  bool // the box's clock cannot be trusted: punches are flagged
	// CalendarMissing warns the office and the directors, from 1 December,
	// that next year's holiday notice is not imported yet.
	CalendarMissing string
	Areas           []area
	// Handovers are today's handovers of leave to substitutes (顶岗); an
	// uncovered window shows at once, in red (the office and the
	// directors, the inspectors, the leads).
	Handovers []dashHandover
	// LeaveWaiting counts the leave requests at the user's steps.
	LeaveWaiting int
}

// dashHandover is one handover on the dashboard.
type dashHandover struct {
	Text      string
	URL       string
	Uncovered bool
}

// area is one of the product's areas, shown as a tile (later issues fill
// them in; until then the tile says it is coming).
type area struct {
	Key   string // nav.<key>
	Href  string // empty while the area is not built yet
	Ready bool
}

func (a *App) dashboard(c echo.Context) error {
	v := a.newView(c, "dashboard.title", "dashboard.lead", "home")
	d := dashboardData{Outbox: a.DB.OutboxLen(), Areas: a.areas(v), Punches: a.punchesToday(), TimeUnsure: a.timeUnsure()}
	if list, err := a.Staff.ListStaff(staff.Filter{}); err == nil {
		d.StaffActive = len(list)
	}
	if units, err := a.Staff.Units(); err == nil {
		d.Units = len(units)
	}
	if windows, err := a.Staff.Windows(); err == nil {
		d.Windows = len(windows)
	}
	for _, s := range a.Devices.List() {
		d.Devices++
		if s.State == "connected" {
			d.DevicesOK++
		}
	}
	if a.Calendar != nil && v.Has("office", "director", "deputy") {
		if y, missing := a.Calendar.MissingNextYear(a.now()); missing {
			d.CalendarMissing = v.T("calendar.missing_year", "Year", y)
		}
	}
	if err := a.dashLeave(c, v, &d); err != nil {
		return err
	}
	v.Data = d
	return a.render(c, http.StatusOK, "dashboard", v)
}

// dashLeave adds today's handovers (a lead's: their team's) and the leave
// waiting for the user.
func (a *App) dashLeave(c echo.Context, v *view, d *dashboardData) error {
	d.LeaveWaiting = v.Badges["leave"]
	if a.Records == nil || a.Calendar == nil || !v.Has("office", "director", "deputy", "inspector", "lead") {
		return nil
	}
	sc, err := a.recordsScopeOf(c)
	if err != nil {
		return err
	}
	today, err := a.Records.HandoversToday(a.now(), a.Calendar)
	if err != nil {
		return err
	}
	for _, h := range today.List {
		if !sc.sees(h.LeaverID) {
			continue
		}
		leaver, sub := today.People[h.LeaverID], today.People[h.SubstituteID]
		window := v.T("leave.dash.no_window")
		if w, ok := today.Windows[h.LeaverID]; ok {
			window = v.T("leave.slip.window", "Number", w.Number, "Name", w.Name)
		}
		key := "leave.dash.handover_" + string(h.Status)
		if h.Status == attendance.HandoverUncovered {
			key += "_" + h.Cause
		}
		args := []any{"Window", window, "Leaver", leaver.Name, "Substitute", sub.Name, "Start", a.clockText(h.Start)[11:]}
		if h.Departure != nil {
			args = append(args, "Departure", a.clockText(h.Departure.Time)[11:])
		}
		if h.Arrival != nil {
			args = append(args, "Arrival", a.clockText(h.Arrival.Time)[11:])
		}
		d.Handovers = append(d.Handovers, dashHandover{Text: v.T(key, args...), URL: leaveURL(h.LeaveID), Uncovered: h.Status == attendance.HandoverUncovered})
	}
	return nil
}

// areas lists the menu areas; those not built yet have no link.
func (a *App) areas(v *view) []area {
	list := []area{{Key: "attendance", Href: "/attendance/month", Ready: true}}
	if !v.Has("technician") {
		list = append(list, area{Key: "reports", Href: "/reports", Ready: true})
	}
	if !v.Has("technician") {
		list = append(list, area{Key: "leave", Href: "/leave", Ready: true})
	}
	list = append(list, area{Key: "queue"}, area{Key: "intake"}, area{Key: "rating"}, area{Key: "assess"})
	if v.Has("office", "director", "deputy") {
		list = append(list, area{Key: "settings", Href: "/settings", Ready: true})
	}
	if v.Has("office", "technician") {
		list = append(list, area{Key: "devices", Href: "/devices", Ready: true})
	}
	return list
}
