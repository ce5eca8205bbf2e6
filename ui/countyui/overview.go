package countyui

import (
	"net/http"
	"time"

	"bianmin/appliance/county"

	"github.com/labstack/echo/v4"
)

// rollupRoutes are issue 16's pages: the overview and the drill-down.
func (a *App) rollupRoutes() []Route {
	get := http.MethodGet
	return []Route{
		{Method: get, Path: "/", Roles: readers, Handler: a.overview},
		{Method: get, Path: "/boxes", Roles: readers, Handler: a.boxList},
		{Method: get, Path: "/county", Roles: readers, Handler: a.drill},
		{Method: get, Path: "/county/export.xlsx", Roles: readers, Handler: a.drillXLSX},
		{Method: get, Path: "/county/report.pdf", Roles: readers, Handler: a.countyReport},
		{Method: get, Path: "/townships/:box", Roles: readers, Handler: a.drill},
		{Method: get, Path: "/townships/:box/export.xlsx", Roles: readers, Handler: a.drillXLSX},
		{Method: get, Path: "/townships/:box/units/:unit", Roles: readers, Handler: a.drill},
		{Method: get, Path: "/townships/:box/units/:unit/export.xlsx", Roles: readers, Handler: a.drillXLSX},
		{Method: get, Path: "/townships/:box/units/:unit/people/:staff", Roles: readers, Handler: a.drill},
		{Method: get, Path: "/townships/:box/units/:unit/people/:staff/export.xlsx", Roles: readers, Handler: a.drillXLSX},
		{Method: get, Path: "/townships/:box/units/:unit/people/:staff/days/:date", Roles: readers, Handler: a.day},
	}
}

type overviewPage struct {
	Rows  []overviewRow
	Total overviewRow
	Today string
	Month string
}

type overviewRow struct {
	county.Township
	Silent   bool
	Since    string
	Warnings []string
}

// overview is every township on one page: contact, backlog, today's
// attendance, overdue cases, 差评 awaiting follow-up and warnings.
func (a *App) overview(c echo.Context) error {
	v := a.newView(c, "countyroll.overview.title", "countyroll.overview.lead")
	now := a.Now()
	scope, err := a.scope(c)
	if err != nil {
		return err
	}
	rows, err := a.County.Overview(now, scope)
	if err != nil {
		return err
	}
	d := overviewPage{Today: now.In(a.Location).Format("2006-01-02"), Month: now.In(a.Location).Format("2006-01")}
	for _, t := range rows {
		r := overviewRow{Township: t}
		if !t.Box.LastContact.IsZero() {
			r.Silent = now.Sub(t.Box.LastContact) > silentAfter
			r.Since = v.T("county.boxes.ago", "Days", int(now.Sub(t.Box.LastContact).Hours()/24))
		}
		if t.ClockWarn {
			r.Warnings = append(r.Warnings, v.T("countyroll.warn.clock", "Minutes", int(t.Skew.Abs().Round(time.Minute).Minutes())))
		}
		if t.Today.Unsure > 0 {
			r.Warnings = append(r.Warnings, v.T("countyroll.warn.unsure", "Count", t.Today.Unsure))
		}
		if t.Box.Held > 0 {
			r.Warnings = append(r.Warnings, v.T("county.boxes.held", "Count", t.Box.Held))
		}
		d.Total.Box.Backlog += t.Box.Backlog
		d.Total.Today.Workday = d.Total.Today.Workday || t.Today.Workday
		d.Total.Today.Staff += t.Today.Staff
		d.Total.Today.Present += t.Today.Present
		d.Total.Today.OnLeave += t.Today.OnLeave
		d.Total.Today.NotIn += t.Today.NotIn
		d.Total.Today.Windows += t.Today.Windows
		d.Total.Today.Uncovered = append(d.Total.Today.Uncovered, t.Today.Uncovered...)
		d.Total.Overdue += t.Overdue
		d.Total.BadOpen += t.BadOpen
		d.Total.Box.Flags += t.Box.Flags
		d.Total.Month = d.Total.Month.Add(t.Month)
		d.Rows = append(d.Rows, r)
	}
	v.Data = d
	return a.render(c, http.StatusOK, "overview", v)
}
