package ui

// What every records page (补签, 异议, 外出备案, 脱岗) does with its form:
// open the page's view with the fields as typed (or prefilled from the
// query), find whom a request is filed for, and read dates and clock
// times next to their fields.

import (
	"strings"
	"time"

	"bianmin/appliance/attendance"
	"bianmin/appliance/civil"

	"github.com/labstack/echo/v4"
)

// recordsView opens a records page's view once the records service is
// wired, with fields copied into v.Form, trimmed: from the query string of
// a page (a month page's link prefills its form), from the body of a post.
func (a *App) recordsView(c echo.Context, title, lead string, fields ...string) (*view, error) {
	if err := a.recordsReady(); err != nil {
		return nil, err
	}
	v := a.newView(c, title, lead, "attendance")
	for _, k := range fields {
		v.Form[k] = strings.TrimSpace(c.FormValue(k))
	}
	return v, nil
}

// recordsForm is recordsView for a posted form, with whose records the
// user sees.
func (a *App) recordsForm(c echo.Context, title, lead string, fields ...string) (*view, recordsScope, error) {
	v, err := a.recordsView(c, title, lead, fields...)
	if err != nil {
		return nil, recordsScope{}, err
	}
	sc, err := a.recordsScopeOf(c)
	return v, sc, err
}

// recordsContext is what a records page starts from: whose records the
// user sees, and the attendance rules in force.
func (a *App) recordsContext(c echo.Context) (recordsScope, attendance.Settings, error) {
	sc, err := a.recordsScopeOf(c)
	if err != nil {
		return sc, attendance.Settings{}, err
	}
	set, err := attendance.LoadSettingsDB(a.DB)
	return sc, set, err
}

// filer is the staff member the form in v is filed for (filerFor); when
// there is nobody, the staff field says why: the office must choose, a
// user linked to nobody cannot file.
func filer(v *view, sc recordsScope) uint64 {
	id, ok := filerFor(sc, v.Form["staff"])
	switch {
	case !ok && sc.Office:
		v.fieldError("staff", "attui.err.staff_required")
	case !ok:
		v.fieldError("staff", "attui.err.unlinked")
	}
	return id
}

// formDay reads the form's date field as midnight in the center's time
// zone with the one date reader of every form (appliance/civil); ok is
// false, with what is wrong next to the field (nothing typed, not a date,
// a date that does not exist such as 2026-02-30, a year out of range),
// when it is none.
func (a *App) formDay(v *view, field string) (time.Time, bool) {
	day, p := civil.ParseIn(field, v.Form[field], a.loc())
	if p != nil {
		addFieldMessage(v, field, v.problemText(p))
		return time.Time{}, false
	}
	return day, true
}

// formClock reads a time of day (09:30) from the form's field, with the
// error next to the field when it is none.
func formClock(v *view, field string) attendance.ClockTime {
	t, err := attendance.ParseClock(v.Form[field])
	if err != nil {
		v.fieldError(field, "attui.err.clock")
	}
	return t
}
