package ui

// 设置 › 窗口单位 and 设置 › 窗口: the departments that staff the hall and
// its numbered windows. Each page is a table with one row edited in place
// (?edit=<id>) and an add form below. Units and windows are deactivated,
// never deleted.
//
// The window handlers live here, not in settings_windows.go: Go builds a
// file ending in _windows.go only for GOOS=windows.

import (
	"fmt"
	"net/http"
	"strings"

	"bianmin/appliance/staff"

	"github.com/labstack/echo/v4"
)

// unitRow is one line of the units table.
type unitRow struct {
	staff.Unit
	Windows int // active windows of the unit
	Staff   int // active staff of the unit
	Actions rowActions
}

// unitsData is what units.html shows.
type unitsData struct {
	Rows []unitRow
	Edit uint64 // the row shown as a form, 0 = none
	Form rowEditForm
}

// unitEdit is the units table's row editing.
func (a *App) unitEdit() rowEdit[staff.Unit] {
	return rowEdit[staff.Unit]{Path: "/settings/units", Anchor: "unit-", Title: "settings.units.title", Lead: "settings.units.lead",
		Flashes: "settings.units", Save: "settings.units.save", Get: a.Staff.Unit, Render: a.renderUnits,
		Form: func(u staff.Unit) map[string]string {
			return map[string]string{"edit_name": u.Name, "edit_active": checked(u.Active)}
		},
		Read: func(c echo.Context, u staff.Unit) (staff.Unit, map[string]string) {
			u.Name, u.Active = strings.TrimSpace(c.FormValue("edit_name")), c.FormValue("edit_active") != ""
			return u, map[string]string{"edit_name": u.Name, "edit_active": checked(u.Active)}
		},
		SetActive: func(u staff.Unit, active bool) staff.Unit { u.Active = active; return u },
		Update: func(actor string, u staff.Unit) error {
			_, err := a.Staff.UpdateUnit(actor, u)
			return err
		}}
}

func (a *App) unitList(c echo.Context) error {
	v := a.newView(c, "settings.units.title", "settings.units.lead", "settings")
	return a.renderUnits(c, v, http.StatusOK, queryID(c, "edit"))
}

func (a *App) unitCreate(c echo.Context) error {
	name := strings.TrimSpace(c.FormValue("name"))
	_, err := a.Staff.CreateUnit(currentUser(c).Username, staff.Unit{Name: name, Active: true})
	if err != nil {
		v := a.newView(c, "settings.units.title", "settings.units.lead", "settings")
		v.Form["name"] = name
		if !showProblem(v, err, nil, "") {
			return err
		}
		return a.renderUnits(c, v, http.StatusBadRequest, 0)
	}
	a.flash(c, "ok", "settings.units.created")
	return c.Redirect(http.StatusSeeOther, "/settings/units")
}

// unitUpdate saves a row's edit form, or flips its active flag.
func (a *App) unitUpdate(c echo.Context) error { return a.unitEdit().update(a, c) }

// renderUnits shows the units page with row edit open (0 = none). The edit
// form starts from the stored values unless a failed save filled it.
func (a *App) renderUnits(c echo.Context, v *view, status int, edit uint64) error {
	units, windows, err := a.unitsAndWindows()
	if err != nil {
		return err
	}
	people, err := a.Staff.ListStaff(staff.Filter{})
	if err != nil {
		return err
	}
	d, e := unitsData{}, a.unitEdit()
	for _, u := range units {
		row := unitRow{Unit: u, Actions: e.actions(u.ID, u.Active, u.Name, v.T("settings.units.confirm_deactivate", "Name", u.Name))}
		for _, w := range windows {
			if w.Active && w.UnitID == u.ID {
				row.Windows++
			}
		}
		for _, s := range people {
			if s.UnitID == u.ID {
				row.Staff++
			}
		}
		if u.ID == edit {
			d.Edit, d.Form = edit, e.editForm(edit, 5, rowEditField{Name: "edit_name", Label: "staff.field.unit_name"})
			e.fill(v, u)
		}
		d.Rows = append(d.Rows, row)
	}
	v.Data = d
	return a.render(c, status, "units", v)
}

// ---- 窗口 ----

// windowRow is one line of the windows table.
type windowRow struct {
	staff.Window
	UnitName   string
	UnitActive bool
	Staff      int // active staff at the window
	Actions    rowActions
}

// windowsData is what windows.html shows.
type windowsData struct {
	Rows  []windowRow
	Units []staff.Unit // for the unit selects: active units, plus the edited row's own
	Edit  uint64
	Form  rowEditForm
}

// windowEdit is the windows table's row editing.
func (a *App) windowEdit() rowEdit[staff.Window] {
	return rowEdit[staff.Window]{Path: "/settings/windows", Anchor: "window-", Title: "settings.windows.title", Lead: "settings.windows.lead",
		Flashes: "settings.windows", Save: "settings.windows.save", Get: a.Staff.Window, Render: a.renderWindows,
		Form: func(w staff.Window) map[string]string {
			return map[string]string{"edit_number": fmt.Sprint(w.Number), "edit_name": w.Name,
				"edit_unit": idString(w.UnitID), "edit_active": checked(w.Active)}
		},
		Read: func(c echo.Context, w staff.Window) (staff.Window, map[string]string) {
			form := windowForm(c, "edit_")
			w.Number, w.Name = parseNumber(form["edit_number"]), form["edit_name"]
			w.UnitID, w.Active = parseID(form["edit_unit"]), form["edit_active"] != ""
			return w, form
		},
		SetActive: func(w staff.Window, active bool) staff.Window { w.Active = active; return w },
		Update: func(actor string, w staff.Window) error {
			_, err := a.Staff.UpdateWindow(actor, w)
			return err
		}}
}

// windowFields are the form fields of a window, as typed.
var windowFields = []string{"number", "name", "unit", "active"}

func (a *App) windowList(c echo.Context) error {
	v := a.newView(c, "settings.windows.title", "settings.windows.lead", "settings")
	if u := c.QueryParam("unit"); u != "" {
		v.Form["unit"] = u
	}
	return a.renderWindows(c, v, http.StatusOK, queryID(c, "edit"))
}

func (a *App) windowCreate(c echo.Context) error {
	form := windowForm(c, "")
	w := staff.Window{Number: parseNumber(form["number"]), Name: form["name"], UnitID: parseID(form["unit"]), Active: true}
	if _, err := a.Staff.CreateWindow(currentUser(c).Username, w); err != nil {
		v := a.newView(c, "settings.windows.title", "settings.windows.lead", "settings")
		v.Form = form
		if !showProblem(v, err, nil, "") {
			return err
		}
		return a.renderWindows(c, v, http.StatusBadRequest, 0)
	}
	a.flash(c, "ok", "settings.windows.created")
	return c.Redirect(http.StatusSeeOther, "/settings/windows")
}

// windowUpdate saves a row's edit form, or flips its active flag.
func (a *App) windowUpdate(c echo.Context) error { return a.windowEdit().update(a, c) }

// windowForm reads the window fields named prefix+field (the add form has
// no prefix, a row's edit form "edit_") as typed.
func windowForm(c echo.Context, prefix string) map[string]string {
	form := map[string]string{}
	for _, k := range windowFields {
		form[prefix+k] = strings.TrimSpace(c.FormValue(prefix + k))
	}
	if form[prefix+"active"] != "" {
		form[prefix+"active"] = "1"
	}
	return form
}

// renderWindows shows the windows page with row edit open (0 = none).
func (a *App) renderWindows(c echo.Context, v *view, status int, edit uint64) error {
	units, windows, err := a.unitsAndWindows()
	if err != nil {
		return err
	}
	people, err := a.Staff.ListStaff(staff.Filter{})
	if err != nil {
		return err
	}
	active := map[uint64]bool{}
	for _, u := range units {
		active[u.ID] = u.Active
	}
	names := unitNames(units)
	d, e := windowsData{}, a.windowEdit()
	var editUnit uint64
	for _, w := range windows {
		label := v.T("staff.window.label", "Number", w.Number)
		row := windowRow{Window: w, UnitName: names[w.UnitID], UnitActive: active[w.UnitID],
			Actions: e.actions(w.ID, w.Active, label, v.T("settings.windows.confirm_deactivate", "Number", w.Number))}
		for _, s := range people {
			if s.WindowID == w.ID {
				row.Staff++
			}
		}
		if w.ID == edit {
			d.Edit, editUnit = edit, w.UnitID
			e.fill(v, w)
		}
		d.Rows = append(d.Rows, row)
	}
	for _, u := range units {
		if u.Active || u.ID == editUnit {
			d.Units = append(d.Units, u)
		}
	}
	if d.Edit != 0 {
		d.Form = e.editForm(d.Edit, 6, rowEditField{Name: "edit_number", Label: "staff.field.window_number", Type: "number"},
			rowEditField{Name: "edit_name", Label: "staff.field.window_name"}, rowEditField{Name: "edit_unit", Units: d.Units})
	}
	v.Data = d
	return a.render(c, status, "windows", v)
}
