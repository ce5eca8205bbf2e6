package ui

// Settings tables edited a row at a time (设置 › 窗口单位, 设置 › 窗口): a
// table whose rows are shown as a form in place (?edit=<id>), deactivated
// and activated again with one button, deleted only while nothing refers
// to them (made by mistake: a typo in an import), with an add form below. One helper for the handlers (rowEdit: list, create, update)
// and one template partial (_rowedit.html: "rowedit-table") serve every
// such table; a page describes its columns, cells and fields as data.

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"bianmin/appliance/problem"
	"bianmin/appliance/staff"

	"github.com/labstack/echo/v4"
)

// rowEdit describes a settings table of T whose rows are edited in place.
// The edit form's fields are named "edit_" + field; "edit_active" is the
// active check box. Texts come from the locale keys settings.<Name>.*:
// title, lead, save, created, saved, activated, deactivated, empty,
// add_title, add.
type rowEdit[T any] struct {
	app     *App
	Name    string   // "units": the page /settings/units and its locale keys
	Anchor  string   // a row's id is Anchor + id: "unit-"
	Fields  []string // the form's fields ("active" is the check box), named "edit_"+field in a row's form
	Prefill []string // query parameters the list page copies into the add form
	Get     func(id uint64) (T, error)
	// Form is the stored record as a row's form shows it ("edit_" names).
	Form func(T) map[string]string
	// Read applies a row's form (trimmed, "edit_" names) to the stored
	// record.
	Read func(form map[string]string, stored T) T
	// Create saves the add form (trimmed, plain names) for actor.
	Create func(actor string, form map[string]string) error
	Update func(actor string, x T) (T, error)
	// Delete removes record id; the domain refuses one that something
	// refers to.
	Delete func(actor string, id uint64) error
	// Render shows the page with row edit open (0 = none).
	Render func(c echo.Context, v *view, status int, edit uint64) error
}

func (e rowEdit[T]) path() string            { return "/settings/" + e.Name }
func (e rowEdit[T]) key(k string) string     { return "settings." + e.Name + "." + k }
func (e rowEdit[T]) anchor(id uint64) string { return e.Anchor + strconv.FormatUint(id, 10) }

func (e rowEdit[T]) view(c echo.Context) *view {
	return e.app.newView(c, e.key("title"), e.key("lead"), "settings")
}

// list shows the table, with the row ?edit= names open as a form.
func (e rowEdit[T]) list(c echo.Context) error {
	v := e.view(c)
	for _, k := range e.Prefill {
		if val := c.QueryParam(k); val != "" {
			v.Form[k] = val
		}
	}
	return e.Render(c, v, http.StatusOK, queryID(c, "edit"))
}

// create saves the add form; a refusal shows next to its fields.
func (e rowEdit[T]) create(c echo.Context) error {
	form := e.read(c, "")
	if err := e.Create(currentUser(c).Username, form); err != nil {
		v := e.view(c)
		v.Form = form
		if !showProblem(v, err, nil, "") {
			return err
		}
		return e.Render(c, v, http.StatusBadRequest, 0)
	}
	e.app.flash(c, "ok", e.key("created"))
	return c.Redirect(http.StatusSeeOther, e.path())
}

// update saves a row's edit form, or with action=deactivate/activate only
// flips the active flag; a refusal shows next to the row's fields.
func (e rowEdit[T]) update(c echo.Context) error {
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
	form := e.read(c, "edit_")
	if action == "deactivate" || action == "activate" {
		form = e.Form(x)
		form["edit_active"] = checked(action == "activate")
	}
	if _, err := e.Update(currentUser(c).Username, e.Read(form, x)); err != nil {
		v := e.view(c)
		v.Form = form
		if !showProblem(v, err, prefixed("edit_", e.Fields...), "edit_"+e.Fields[0]) {
			return err
		}
		return e.Render(c, v, http.StatusBadRequest, id)
	}
	flash := e.key("saved")
	if action == "deactivate" || action == "activate" {
		flash = e.key(action + "d")
	}
	e.app.flash(c, "ok", flash)
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("%s#%s", e.path(), e.anchor(id)))
}

// remove deletes a row nothing refers to; a refusal is shown above the
// table.
func (e rowEdit[T]) remove(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if _, err := e.Get(id); errors.Is(err, staff.ErrNotFound) {
		return echo.NewHTTPError(http.StatusNotFound)
	} else if err != nil {
		return err
	}
	if err := e.Delete(currentUser(c).Username, id); err != nil {
		p, ok := problem.As(err)
		if !ok {
			return err
		}
		v := e.view(c)
		v.Flash, v.FlashOK = v.problemText(p), false
		return e.Render(c, v, http.StatusConflict, 0)
	}
	e.app.flash(c, "ok", e.key("deleted"))
	return c.Redirect(http.StatusSeeOther, e.path())
}

// read reads the form's fields named prefix+field as typed (trimmed; the
// check box "1" or "").
func (e rowEdit[T]) read(c echo.Context, prefix string) map[string]string {
	form := map[string]string{}
	for _, k := range e.Fields {
		form[prefix+k] = strings.TrimSpace(c.FormValue(prefix + k))
	}
	if k := prefix + "active"; form[k] != "" {
		form[k] = "1"
	}
	return form
}

// rowTable is a settings table as _rowedit.html shows it.
type rowTable struct {
	Cols    []rowCol
	Rows    []rowLine
	Empty   string // no rows yet
	Edit    uint64 // the row shown as a form, 0 = none
	Form    rowEditForm
	Add     rowAddForm
	Colspan int // every column: Cols, the active tag, the buttons
}

// rowCol is a column heading.
type rowCol struct {
	Label string
	Num   bool // right-aligned numbers
}

// rowLine is one record of the table.
type rowLine struct {
	ID      uint64
	Anchor  string
	Active  bool
	Cells   []rowCell
	Actions rowActions
	// Delete is where the delete button posts, set when nothing refers to
	// the record; DeleteConfirm is asked first.
	Delete, DeleteConfirm string
}

// rowCell is one cell: text, a link, a number; Off adds an "inactive" tag.
type rowCell struct {
	Text        string
	Num         bool
	Href, Title string
	Off         string
}

// rowActions are one row's buttons: edit, and deactivate or activate.
type rowActions struct {
	Edit    string // the row's edit link
	Action  string // where the active flag is posted
	Label   string // names the row for screen readers: 民政办, 3号窗口
	Confirm string // asked before deactivating
}

// rowEditForm is the editing row.
type rowEditForm struct {
	Anchor, Action, Cancel, Save string
	Fields                       []rowEditField
}

// rowAddForm is the add form below the table, or why nothing can be
// added yet (Missing, with a link to what is missing).
type rowAddForm struct {
	Title, Action, Submit string
	Fields                []rowEditField
	Missing               string
	MissingURL, MissingDo string
}

// rowEditField is one field of a form: a text or number input, or with
// Units the unit select. Hint is a locale key.
type rowEditField struct {
	Name, Label, Type, Hint string
	Units                   []staff.Unit
}

// table starts the page's table: its columns (locale keys, "#"-prefixed
// for numbers) and, when edit names a row, the fields of its form.
func (e rowEdit[T]) table(v *view, cols ...string) rowTable {
	t := rowTable{Empty: v.T(e.key("empty")), Colspan: len(cols) + 2,
		Add: rowAddForm{Title: v.T(e.key("add_title")), Action: e.path(), Submit: v.T(e.key("add"))}}
	for _, c := range cols {
		num := strings.HasPrefix(c, "#")
		t.Cols = append(t.Cols, rowCol{Label: v.T(strings.TrimPrefix(c, "#")), Num: num})
	}
	return t
}

// row adds record x (id, active) to the table; label names it for screen
// readers, confirm is asked before deactivating. When it is the row being
// edited, its form is filled from the record unless a refused save filled
// it already, with the fields given.
func (e rowEdit[T]) row(v *view, t *rowTable, edit uint64, x T, id uint64, active bool, label, confirm string, cells ...rowCell) {
	anchor := e.anchor(id)
	t.Rows = append(t.Rows, rowLine{ID: id, Anchor: anchor, Active: active, Cells: cells,
		Actions: rowActions{Edit: fmt.Sprintf("%s?edit=%d#%s", e.path(), id, anchor), Action: fmt.Sprintf("%s/%d#%s", e.path(), id, anchor),
			Label: label, Confirm: confirm}})
	if id != edit {
		return
	}
	t.Edit = id
	t.Form = rowEditForm{Anchor: anchor, Action: fmt.Sprintf("%s/%d#%s", e.path(), id, anchor), Cancel: e.path() + "#" + anchor, Save: e.key("save")}
	if _, filled := v.Form["edit_active"]; !filled {
		for k, val := range e.Form(x) {
			v.Form[k] = val
		}
	}
}

// deletable offers the delete button on the row just added.
func (e rowEdit[T]) deletable(t *rowTable, id uint64, confirm string) {
	r := &t.Rows[len(t.Rows)-1]
	r.Delete, r.DeleteConfirm = fmt.Sprintf("%s/%d/delete", e.path(), id), confirm
}

// checked is a flag as a form value: "1" or "".
func checked(b bool) string {
	if b {
		return "1"
	}
	return ""
}
