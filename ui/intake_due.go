package ui

// 受理 › 时限: the cases past their limit (超时) and those due soon, per unit
// and window, read by due date from the intake's deadline index. A staff
// member or lead sees their unit's; the office and the directors every
// unit's, and may narrow to one. An overdue case is put before the office
// here and on its home page (超时默许: the box never decides by itself).

import (
	"net/http"
	"net/url"
	"strconv"

	"bianmin/appliance/intake"

	"github.com/labstack/echo/v4"
)

// dueData is what intake_due.html shows.
type dueData struct {
	AllUnits bool // the user may pick any unit
	Units    []unitOption
	Windows  []keyLabel
	Overdue  dueList
	Soon     dueList
	Until    string
}

type dueList struct {
	Rows  []caseRow
	Pager pager
}

// dueScope is the units the user's lists cover: nil (every unit) for the
// office, the directors and the inspectors, unless they pick one; their
// own unit for the others.
func (a *App) dueScope(c echo.Context, v *view) (units []uint64, all bool) {
	if v.Has("office", "director", "deputy", "inspector") {
		if u := parseID(v.Form["unit"]); u != 0 {
			return []uint64{u}, true
		}
		return nil, true
	}
	own := a.ownUnit(c)
	if own == 0 {
		return []uint64{^uint64(0)}, false // linked to no unit: nothing
	}
	return []uint64{own}, false
}

func (a *App) dueLists(c echo.Context) error {
	if err := a.intakeReady(); err != nil {
		return err
	}
	v := a.newView(c, "intake.due.title", "intake.due.lead", "intake")
	v.Form["unit"], v.Form["window"] = c.QueryParam("unit"), c.QueryParam("window")
	units, all := a.dueScope(c, v)
	window := parseID(v.Form["window"])
	pl, err := a.places()
	if err != nil {
		return err
	}
	d := dueData{AllUnits: all}
	for _, u := range pl.Units {
		d.Units = append(d.Units, unitOption{u.ID, u.Name})
	}
	for _, w := range pl.Windows {
		if all || len(units) == 1 && w.UnitID == units[0] {
			d.Windows = append(d.Windows, keyLabel{idString(w.ID), pl.windowText(v, w.ID)})
		}
	}
	keep := url.Values{}
	for _, k := range []string{"unit", "window"} {
		if v.Form[k] != "" {
			keep.Set(k, v.Form[k])
		}
	}
	for _, late := range []bool{true, false} {
		param, list := "soon", &d.Soon
		if late {
			param, list = "late", &d.Overdue
		}
		n, _ := strconv.Atoi(c.QueryParam(param))
		page, err := a.Intake.DueList(intake.DueQuery{UnitIDs: units, WindowID: window, Overdue: late, Page: n, Size: recordsPageSize})
		if err != nil {
			return err
		}
		for _, r := range page.Rows {
			row := a.caseRowOf(v, pl, r.Case)
			row.Due, row.DueTone = a.dueShort(v, r.Due)
			list.Rows = append(list.Rows, row)
		}
		list.Pager = newPagerParam("/intake/due", keep, param, page.Total, page.Page, recordsPageSize)
		list.Pager.anchor(param)
		if !late {
			d.Until = a.dayLabel(v, page.Until)
		}
	}
	v.Data = d
	return a.render(c, http.StatusOK, "intake_due", v)
}
