package ui

// 设置 › 窗口单位 and 设置 › 窗口: the departments that staff the hall and
// its numbered windows. Each page is a table with one row edited in place
// (?edit=<id>) and an add form below. Units and windows are deactivated,
// never deleted.
//
// The window handlers live here, not in settings_windows.go: Go builds a
// file ending in _windows.go only for GOOS=windows.

import (
	"errors"
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
}

// unitsData is what units.html shows.
type unitsData struct {
	Rows []unitRow
	Edit uint64 // the row shown as a form, 0 = none
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

// unitUpdate saves a row's edit form, or with action=deactivate/activate
// only flips the active flag.
func (a *App) unitUpdate(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	u, err := a.unitByID(id)
	if err != nil {
		return err
	}
	action := c.FormValue("action")
	switch action {
	case "deactivate", "activate":
		u.Active = action == "activate"
	default:
		u.Name, u.Active = strings.TrimSpace(c.FormValue("edit_name")), c.FormValue("edit_active") != ""
	}
	if _, err := a.Staff.UpdateUnit(currentUser(c).Username, u); err != nil {
		v := a.newView(c, "settings.units.title", "settings.units.lead", "settings")
		v.Form["edit_name"], v.Form["edit_active"] = u.Name, checked(u.Active)
		if !showProblem(v, err, prefixed("edit_", "name", "active"), "edit_name") {
			return err
		}
		return a.renderUnits(c, v, http.StatusBadRequest, id)
	}
	flash := map[string]string{"deactivate": "settings.units.deactivated", "activate": "settings.units.activated"}[action]
	if flash == "" {
		flash = "settings.units.saved"
	}
	a.flash(c, "ok", flash)
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/settings/units#unit-%d", id))
}

// unitByID finds a unit, or answers 404.
func (a *App) unitByID(id uint64) (staff.Unit, error) {
	u, err := a.Staff.Unit(id)
	if errors.Is(err, staff.ErrNotFound) {
		return staff.Unit{}, echo.NewHTTPError(http.StatusNotFound)
	}
	return u, err
}

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
	d := unitsData{}
	for _, u := range units {
		row := unitRow{Unit: u}
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
			d.Edit = edit
			if _, filled := v.Form["edit_name"]; !filled {
				v.Form["edit_name"], v.Form["edit_active"] = u.Name, checked(u.Active)
			}
		}
		d.Rows = append(d.Rows, row)
	}
	v.Data = d
	return a.render(c, status, "units", v)
}

// checked is a flag as a form value: "1" or "".
func checked(b bool) string {
	if b {
		return "1"
	}
	return ""
}

// ---- 窗口 ----

// windowRow is one line of the windows table.
type windowRow struct {
	staff.Window
	UnitName   string
	UnitActive bool
	Staff      int // active staff at the window
}

// windowsData is what windows.html shows.
type windowsData struct {
	Rows  []windowRow
	Units []staff.Unit // for the unit selects: active units, plus the edited row's own
	Edit  uint64
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

// windowUpdate saves a row's edit form, or with action=deactivate/activate
// only flips the active flag.
func (a *App) windowUpdate(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	w, err := a.windowByID(id)
	if err != nil {
		return err
	}
	action := c.FormValue("action")
	var form map[string]string
	switch action {
	case "deactivate", "activate":
		w.Active = action == "activate"
		form = map[string]string{"edit_number": fmt.Sprint(w.Number), "edit_name": w.Name,
			"edit_unit": idString(w.UnitID), "edit_active": checked(w.Active)}
	default:
		form = windowForm(c, "edit_")
		w.Number, w.Name = parseNumber(form["edit_number"]), form["edit_name"]
		w.UnitID, w.Active = parseID(form["edit_unit"]), form["edit_active"] != ""
	}
	if _, err := a.Staff.UpdateWindow(currentUser(c).Username, w); err != nil {
		v := a.newView(c, "settings.windows.title", "settings.windows.lead", "settings")
		v.Form = form
		if !showProblem(v, err, prefixed("edit_", "number", "name", "unit", "active"), "edit_name") {
			return err
		}
		return a.renderWindows(c, v, http.StatusBadRequest, id)
	}
	flash := map[string]string{"deactivate": "settings.windows.deactivated", "activate": "settings.windows.activated"}[action]
	if flash == "" {
		flash = "settings.windows.saved"
	}
	a.flash(c, "ok", flash)
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/settings/windows#window-%d", id))
}

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

// windowByID finds a window, or answers 404.
func (a *App) windowByID(id uint64) (staff.Window, error) {
	w, err := a.Staff.Window(id)
	if errors.Is(err, staff.ErrNotFound) {
		return staff.Window{}, echo.NewHTTPError(http.StatusNotFound)
	}
	return w, err
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
	d := windowsData{}
	var editUnit uint64
	for _, w := range windows {
		row := windowRow{Window: w, UnitName: names[w.UnitID], UnitActive: active[w.UnitID]}
		for _, s := range people {
			if s.WindowID == w.ID {
				row.Staff++
			}
		}
		if w.ID == edit {
			d.Edit, editUnit = edit, w.UnitID
			if _, filled := v.Form["edit_name"]; !filled {
				v.Form["edit_number"], v.Form["edit_name"] = fmt.Sprint(w.Number), w.Name
				v.Form["edit_unit"], v.Form["edit_active"] = idString(w.UnitID), checked(w.Active)
			}
		}
		d.Rows = append(d.Rows, row)
	}
	for _, u := range units {
		if u.Active || u.ID == editUnit {
			d.Units = append(d.Units, u)
		}
	}
	v.Data = d
	return a.render(c, status, "windows", v)
}
