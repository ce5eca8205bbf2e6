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
	Areas       []area
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
	d := dashboardData{Outbox: a.DB.OutboxLen(), Areas: a.areas(v)}
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
	v.Data = d
	return a.render(c, http.StatusOK, "dashboard", v)
}

// areas lists the menu areas; those not built yet have no link.
func (a *App) areas(v *view) []area {
	list := []area{
		{Key: "attendance"}, {Key: "leave"}, {Key: "queue"}, {Key: "intake"},
		{Key: "rating"}, {Key: "assess"},
	}
	if v.Has("office", "director", "deputy") {
		list = append(list, area{Key: "settings", Href: "/settings", Ready: true})
	}
	if v.Has("office", "technician") {
		list = append(list, area{Key: "devices", Href: "/devices", Ready: true})
	}
	return list
}
