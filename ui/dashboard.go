package ui

import (
	"net/http"

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
	v.Data = d
	return a.render(c, http.StatusOK, "dashboard", v)
}

// areas lists the menu areas; those not built yet have no link.
func (a *App) areas(v *view) []area {
	list := []area{{Key: "attendance", Href: "/attendance/month", Ready: true}}
	if !v.Has("technician") {
		list = append(list, area{Key: "reports", Href: "/reports", Ready: true})
	}
	list = append(list, area{Key: "leave"}, area{Key: "queue"}, area{Key: "intake"}, area{Key: "rating"}, area{Key: "assess"})
	if v.Has("office", "director", "deputy") {
		list = append(list, area{Key: "settings", Href: "/settings", Ready: true})
	}
	if v.Has("office", "technician") {
		list = append(list, area{Key: "devices", Href: "/devices", Ready: true})
	}
	return list
}
