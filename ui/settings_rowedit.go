package ui

// Settings tables edited a row at a time (设置 › 窗口单位, 设置 › 窗口): each
// row is shown as a form in place (?edit=<id>), or deactivated and
// activated again with one button; nothing is deleted. One helper for the
// handlers (rowEdit) and one template partial (_rowedit.html: the editing
// row, the active tag, the row's buttons) serve every such table.

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"bianmin/appliance/staff"

	"github.com/labstack/echo/v4"
)

// rowEdit describes a settings table of T whose rows are edited in place.
// The edit form's fields are named "edit_" + field; "edit_active" is the
// active check box.
type rowEdit[T any] struct {
	Path        string // the page: /settings/units
	Anchor      string // a row's id is Anchor + id: "unit-"
	Title, Lead string // the page's title and lead
	Flashes     string // the locale keys Flashes+".saved", ".activated", ".deactivated"
	Save        string // the save button's locale key
	Get         func(id uint64) (T, error)
	// Form is the stored record as the edit form shows it.
	Form func(T) map[string]string
	// Read applies the edit form as typed to the stored record, and
	// returns the form to show again should the save be refused.
	Read      func(c echo.Context, stored T) (T, map[string]string)
	SetActive func(T, bool) T
	Update    func(actor string, x T) error
	// Render shows the page with row edit open (0 = none).
	Render func(c echo.Context, v *view, status int, edit uint64) error
}

// update saves a row's edit form, or with action=deactivate/activate only
// flips the active flag; a refusal shows next to the row's fields.
func (e rowEdit[T]) update(a *App, c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	x, err := e.Get(id)
	if errors.Is(err, staff.ErrNotFound) {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	if err != nil {
		return err
	}
	action := c.FormValue("action")
	var form map[string]string
	switch action {
	case "deactivate", "activate":
		x = e.SetActive(x, action == "activate")
		form = e.Form(x)
	default:
		x, form = e.Read(c, x)
	}
	if err := e.Update(currentUser(c).Username, x); err != nil {
		v := a.newView(c, e.Title, e.Lead, "settings")
		v.Form = form
		fields := map[string]string{}
		for k := range form {
			fields[strings.TrimPrefix(k, "edit_")] = k
		}
		if !showProblem(v, err, fields, "edit_name") {
			return err
		}
		return e.Render(c, v, http.StatusBadRequest, id)
	}
	flash := e.Flashes + ".saved"
	if action == "deactivate" || action == "activate" {
		flash = e.Flashes + "." + action + "d"
	}
	a.flash(c, "ok", flash)
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("%s#%s%d", e.Path, e.Anchor, id))
}

// fill puts the stored record into the edit form, unless a refused save
// filled it already.
func (e rowEdit[T]) fill(v *view, x T) {
	if _, filled := v.Form["edit_active"]; filled {
		return
	}
	for k, val := range e.Form(x) {
		v.Form[k] = val
	}
}

// rowActions are one row's buttons: edit, and deactivate or activate.
type rowActions struct {
	Edit    string // the row's edit link
	Action  string // where the active flag is posted
	Active  bool
	Label   string // names the row for screen readers: 民政办, 3号窗口
	Confirm string // asked before deactivating
}

// actions are the buttons of row id.
func (e rowEdit[T]) actions(id uint64, active bool, label, confirm string) rowActions {
	anchor := e.Anchor + strconv.FormatUint(id, 10)
	return rowActions{Edit: fmt.Sprintf("%s?edit=%d#%s", e.Path, id, anchor), Action: fmt.Sprintf("%s/%d#%s", e.Path, id, anchor),
		Active: active, Label: label, Confirm: confirm}
}

// rowEditForm is the editing row as _rowedit.html shows it.
type rowEditForm struct {
	Anchor  string
	Action  string
	Cancel  string
	Colspan int
	Save    string
	Fields  []rowEditField
}

// rowEditField is one field of an editing row: a text or number input,
// or with Units the unit select.
type rowEditField struct {
	Name, Label, Type string
	Units             []staff.Unit
}

// editForm is the editing row of record id, spanning colspan columns.
func (e rowEdit[T]) editForm(id uint64, colspan int, fields ...rowEditField) rowEditForm {
	anchor := e.Anchor + strconv.FormatUint(id, 10)
	return rowEditForm{Anchor: anchor, Action: fmt.Sprintf("%s/%d#%s", e.Path, id, anchor), Cancel: e.Path + "#" + anchor,
		Colspan: colspan, Save: e.Save, Fields: fields}
}

// checked is a flag as a form value: "1" or "".
func checked(b bool) string {
	if b {
		return "1"
	}
	return ""
}
