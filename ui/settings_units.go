package ui

// 设置 › 窗口单位 and 设置 › 窗口: the departments that staff the hall and
// its numbered windows. Each page is a settings table (settings_rowedit.go)
// with one row edited in place (?edit=<id>) and an add form below. Units
// and windows are deactivated; one that nothing refers to (made by a typo
// in an imported list) can be deleted.
//
// The window handlers live here, not in settings_windows.go: Go builds a
// file ending in _windows.go only for GOOS=windows.

import (
	"fmt"
	"strconv"

	"bianmin/appliance/staff"

	"github.com/labstack/echo/v4"
)

// unitEdit is the units table.
func (a *App) unitEdit() rowEdit[staff.Unit] {
	return rowEdit[staff.Unit]{app: a, Name: "units", Anchor: "unit-", Fields: []string{"name", "active"},
		Get: a.Staff.Unit, Update: a.Staff.UpdateUnit, Render: a.renderUnits, Delete: a.Staff.DeleteUnit,
		Form: func(u staff.Unit) map[string]string {
			return map[string]string{"edit_name": u.Name, "edit_active": checked(u.Active)}
		},
		Read: func(form map[string]string, u staff.Unit) staff.Unit {
			u.Name, u.Active = form["edit_name"], form["edit_active"] != ""
			return u
		},
		Create: func(actor string, form map[string]string) error {
			_, err := a.Staff.CreateUnit(actor, staff.Unit{Name: form["name"], Active: true})
			return err
		}}
}

// renderUnits shows the units page: each unit with its active windows and
// staff, row edit open (0 = none).
func (a *App) renderUnits(c echo.Context, v *view, status int, edit uint64) error {
	units, _, n, err := a.registry()
	if err != nil {
		return err
	}
	e := a.unitEdit()
	t := e.table(v, "staff.field.unit_name", "#settings.units.col_windows", "#settings.units.col_staff")
	for _, u := range units {
		e.row(v, &t, edit, u, u.ID, u.Active, u.Name, v.T("settings.units.confirm_deactivate", "Name", u.Name),
			rowCell{Text: u.Name}, rowCell{Text: strconv.Itoa(n.unitWindows[u.ID]), Num: true},
			rowCell{Text: strconv.Itoa(n.unitStaff[u.ID]), Num: true, Href: fmt.Sprintf("/settings/staff?unit=%d", u.ID),
				Title: v.T("settings.units.show_staff", "Name", u.Name)})
		if n.unitRefs[u.ID] == 0 {
			e.deletable(&t, u.ID, v.T("settings.units.confirm_delete", "Name", u.Name))
		}
	}
	t.Form.Fields = []rowEditField{{Name: "edit_name", Label: "staff.field.unit_name"}}
	t.Add.Fields = []rowEditField{{Name: "name", Label: "staff.field.unit_name", Hint: "settings.units.name_hint"}}
	v.Data = t
	return a.render(c, status, "units", v)
}

// ---- 窗口 ----

// windowEdit is the windows table.
func (a *App) windowEdit() rowEdit[staff.Window] {
	return rowEdit[staff.Window]{app: a, Name: "windows", Anchor: "window-", Fields: []string{"number", "name", "unit", "active"},
		Prefill: []string{"unit"}, Get: a.Staff.Window, Update: a.Staff.UpdateWindow, Render: a.renderWindows, Delete: a.Staff.DeleteWindow,
		Form: func(w staff.Window) map[string]string {
			return map[string]string{"edit_number": fmt.Sprint(w.Number), "edit_name": w.Name,
				"edit_unit": idString(w.UnitID), "edit_active": checked(w.Active)}
		},
		Read: func(form map[string]string, w staff.Window) staff.Window {
			w.Number, w.Name = parseNumber(form["edit_number"]), form["edit_name"]
			w.UnitID, w.Active = parseID(form["edit_unit"]), form["edit_active"] != ""
			return w
		},
		Create: func(actor string, form map[string]string) error {
			w := staff.Window{Number: parseNumber(form["number"]), Name: form["name"], UnitID: parseID(form["unit"]), Active: true}
			_, err := a.Staff.CreateWindow(actor, w)
			return err
		}}
}

// renderWindows shows the windows page: each window with its unit and
// staff, row edit open (0 = none). The unit selects offer the active
// units, plus the edited window's own.
func (a *App) renderWindows(c echo.Context, v *view, status int, edit uint64) error {
	units, windows, n, err := a.registry()
	if err != nil {
		return err
	}
	byID := map[uint64]staff.Unit{}
	for _, u := range units {
		byID[u.ID] = u
	}
	e := a.windowEdit()
	t := e.table(v, "#staff.field.window_number", "staff.field.window_name", "staff.field.unit", "#settings.windows.col_staff")
	var editUnit uint64
	for _, w := range windows {
		unit := rowCell{Text: byID[w.UnitID].Name}
		if !byID[w.UnitID].Active {
			unit.Off = v.T("staff.status.inactive")
		}
		if w.ID == edit {
			editUnit = w.UnitID
		}
		e.row(v, &t, edit, w, w.ID, w.Active, v.T("staff.window.label", "Number", w.Number),
			v.T("settings.windows.confirm_deactivate", "Number", w.Number),
			rowCell{Text: strconv.Itoa(w.Number), Num: true}, rowCell{Text: w.Name}, unit,
			rowCell{Text: strconv.Itoa(n.windowStaff[w.ID]), Num: true,
				Href: fmt.Sprintf("/settings/staff?window=%d", w.ID), Title: v.T("settings.windows.show_staff", "Number", w.Number)})
		if n.windowRefs[w.ID] == 0 {
			e.deletable(&t, w.ID, v.T("settings.windows.confirm_delete", "Number", w.Number))
		}
	}
	var choices []staff.Unit
	for _, u := range units {
		if u.Active || u.ID == editUnit {
			choices = append(choices, u)
		}
	}
	t.Form.Fields = []rowEditField{{Name: "edit_number", Label: "staff.field.window_number", Type: "number"},
		{Name: "edit_name", Label: "staff.field.window_name"}, {Name: "edit_unit", Units: choices}}
	t.Add.Fields = []rowEditField{{Name: "number", Label: "staff.field.window_number", Type: "number", Hint: "settings.windows.number_hint"},
		{Name: "name", Label: "staff.field.window_name", Hint: "settings.windows.name_hint"}, {Name: "unit", Units: choices}}
	if len(choices) == 0 {
		t.Add.Missing, t.Add.MissingURL, t.Add.MissingDo = v.T("settings.windows.no_units"), "/settings/units#add", v.T("settings.units.add_title")
	}
	v.Data = t
	return a.render(c, status, "windows", v)
}

// registryCounts are the active windows and the serving staff of each
// unit, and the serving staff at each window; and what refers to each at
// all (windows and staff, inactive and left included): a unit or window
// nothing refers to may be deleted.
type registryCounts struct {
	unitWindows, unitStaff, windowStaff map[uint64]int
	unitRefs, windowRefs                map[uint64]int
}

// registry lists every unit and window, with what each counts.
func (a *App) registry() ([]staff.Unit, []staff.Window, registryCounts, error) {
	n := registryCounts{unitWindows: map[uint64]int{}, unitStaff: map[uint64]int{}, windowStaff: map[uint64]int{},
		unitRefs: map[uint64]int{}, windowRefs: map[uint64]int{}}
	units, windows, err := a.unitsAndWindows()
	if err != nil {
		return nil, nil, n, err
	}
	people, err := a.Staff.ListStaff(staff.Filter{IncludeInactive: true})
	for _, w := range windows {
		n.unitRefs[w.UnitID]++
		if w.Active {
			n.unitWindows[w.UnitID]++
		}
	}
	today := a.today().Format(dateLayout)
	for _, s := range people {
		n.unitRefs[s.UnitID]++
		n.windowRefs[s.WindowID]++
		if !s.Left(today) {
			n.unitStaff[s.UnitID]++
			n.windowStaff[s.WindowID]++
		}
	}
	return units, windows, n, err
}
