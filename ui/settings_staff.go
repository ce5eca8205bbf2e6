package ui

// 设置 › 人员: the staff list with filters and paging, the new/edit form
// with the days a person joined and left the hall, and recording that
// someone left (or came back). Staff are never deleted. The helpers at the end are
// shared by the other settings pages of the staff registry (units, windows)
// and by the users page.

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"bianmin/appliance/civil"
	"bianmin/appliance/problem"
	"bianmin/appliance/staff"

	"github.com/labstack/echo/v4"
	"golang.org/x/text/width"
)

// staffPageSize is how many people one page of the staff list shows.
const staffPageSize = 50

// staffRow is one line of the staff list.
type staffRow struct {
	staff.Staff
	UnitName     string
	WindowNumber int  // 0 = no window
	Gone         bool // the person's end date has passed
}

// staffListData is what staff_list.html shows.
type staffListData struct {
	Rows     []staffRow
	Units    []staff.Unit
	Windows  []staff.Window
	Pager    pager
	Filtered bool      // some filter is set (changes the empty-state text)
	Today    time.Time // printed under the title on paper
}

func (a *App) staffList(c echo.Context) error {
	v := a.newView(c, "settings.staff.title", "settings.staff.lead", "settings")
	f := staff.Filter{
		UnitID:          queryID(c, "unit"),
		WindowID:        queryID(c, "window"),
		Query:           strings.TrimSpace(c.QueryParam("q")),
		IncludeInactive: c.QueryParam("inactive") != "",
	}
	list, err := a.Staff.ListStaff(f)
	if err != nil {
		return err
	}
	units, windows, err := a.unitsAndWindows()
	if err != nil {
		return err
	}
	q := url.Values{}
	for _, k := range []string{"unit", "window", "q", "inactive"} {
		if val := strings.TrimSpace(c.QueryParam(k)); val != "" {
			q.Set(k, val)
			v.Form[k] = val
		}
	}
	page, _ := strconv.Atoi(c.QueryParam("page"))
	pg := newPager("/settings/staff", q, len(list), page, staffPageSize)
	d := staffListData{Units: units, Windows: windows, Pager: pg, Filtered: len(q) > 0, Today: a.DB.Now()}
	unitName, windowNo := unitNames(units), windowNumbers(windows)
	today := a.today().Format(dateLayout)
	if len(list) > 0 {
		for _, s := range list[pg.First-1 : pg.Last] {
			d.Rows = append(d.Rows, staffRow{Staff: s, UnitName: unitName[s.UnitID], WindowNumber: windowNo[s.WindowID], Gone: s.Left(today)})
		}
	}
	v.Data = d
	return a.render(c, http.StatusOK, "staff_list", v)
}

// staffFormData is what staff_form.html needs besides the form values.
type staffFormData struct {
	ID        uint64 // 0 on the new-person form
	Name      string // the stored name (edit), for the leave question
	EndDate   string // the stored end date (edit): set when the person left or is to leave
	Gone      bool   // the end date has passed
	Today     string // the leave form's default day
	Units     []staff.Unit
	Groups    []windowGroup
	Posts     []staff.Post
	Positions []staff.Position
}

// windowGroup is one unit's windows in the window select.
type windowGroup struct {
	Unit    string
	Windows []staff.Window
}

func (a *App) staffNewForm(c echo.Context) error {
	v := a.newView(c, "settings.staff.new_title", "settings.staff.new_lead", "settings")
	v.Form["post"], v.Form["position"], v.Form["start_date"] = string(staff.PostA), string(staff.PositionStaff), a.today().Format(dateLayout)
	if u := c.QueryParam("unit"); u != "" {
		v.Form["unit"] = u
	}
	return a.renderStaffForm(c, v, http.StatusOK, staff.Staff{})
}

func (a *App) staffCreate(c echo.Context) error {
	s, form := staffFromForm(c)
	created, err := a.Staff.CreateStaff(currentUser(c).Username, s)
	if err != nil {
		v := a.newView(c, "settings.staff.new_title", "settings.staff.new_lead", "settings")
		v.Form = form
		if !showProblem(v, err, nil, "") {
			return err
		}
		return a.renderStaffForm(c, v, http.StatusBadRequest, staff.Staff{})
	}
	a.flash(c, "ok", "settings.staff.created")
	return c.Redirect(http.StatusSeeOther, "/settings/staff?q="+url.QueryEscape(created.StaffNo))
}

func (a *App) staffEditForm(c echo.Context) error {
	s, err := a.staffByPath(c)
	if err != nil {
		return err
	}
	v := a.newView(c, "settings.staff.edit_title", "settings.staff.edit_lead", "settings")
	v.Form = staffForm(s)
	return a.renderStaffForm(c, v, http.StatusOK, s)
}

// staffUpdate saves the edit form, or with action=leave records the day
// the person left (end_date, the 登记离开 form asks first), with
// action=return that they serve again.
func (a *App) staffUpdate(c echo.Context) error {
	stored, err := a.staffByPath(c)
	if err != nil {
		return err
	}
	actor := currentUser(c).Username
	action := c.FormValue("action")
	var form, fields map[string]string
	switch action {
	case "leave", "return":
		form = staffForm(stored)
		end := strings.TrimSpace(c.FormValue("leave_date"))
		form["leave_date"] = end
		switch {
		case action == "return":
			_, err = a.Staff.SetEndDate(actor, stored.ID, "")
		case end == "": // an empty day would mean "serves again"
			err = problem.New("leave_date", civil.KeyRequired)
		default:
			_, err = a.Staff.SetEndDate(actor, stored.ID, end)
		}
		fields = map[string]string{"end_date": "leave_date", "leave_date": "leave_date", "unit": "unit", "window": "window"}
	default:
		var s staff.Staff
		s, form = staffFromForm(c)
		s.ID = stored.ID
		_, err = a.Staff.UpdateStaff(actor, s)
	}
	if err != nil {
		v := a.newView(c, "settings.staff.edit_title", "settings.staff.edit_lead", "settings")
		v.Form = form
		if !showProblem(v, err, fields, "leave_date") {
			return err
		}
		return a.renderStaffForm(c, v, http.StatusBadRequest, stored)
	}
	flash := map[string]string{"leave": "settings.staff.deactivated", "return": "settings.staff.activated"}[action]
	a.flash(c, "ok", cmp.Or(flash, "settings.staff.saved"))
	if action != "" {
		return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/settings/staff/%d", stored.ID))
	}
	return c.Redirect(http.StatusSeeOther, "/settings/staff?inactive=1&q="+url.QueryEscape(stored.StaffNo))
}

// renderStaffForm shows the new or edit form. Inactive units and windows
// are offered only when they are the person's current ones.
func (a *App) renderStaffForm(c echo.Context, v *view, status int, stored staff.Staff) error {
	units, windows, err := a.unitsAndWindows()
	if err != nil {
		return err
	}
	today := a.today().Format(dateLayout)
	d := staffFormData{ID: stored.ID, Name: stored.Name, EndDate: stored.EndDate, Gone: stored.Left(today), Today: today,
		Posts: staff.Posts(), Positions: staff.Positions()}
	if _, typed := v.Form["leave_date"]; !typed {
		v.Form["leave_date"] = today
	}
	d.Units = slices.DeleteFunc(units, func(u staff.Unit) bool {
		return !u.Active && u.ID != stored.UnitID && stored.ID != 0 || !u.Active && stored.ID == 0
	})
	for _, u := range d.Units {
		g := windowGroup{Unit: u.Name}
		for _, w := range windows {
			if w.UnitID == u.ID && (w.Active || w.ID == stored.WindowID) {
				g.Windows = append(g.Windows, w)
			}
		}
		if len(g.Windows) > 0 {
			d.Groups = append(d.Groups, g)
		}
	}
	v.Data = d
	return a.render(c, status, "staff_form", v)
}

// staffByPath loads the person named by :id, or answers 404.
func (a *App) staffByPath(c echo.Context) (staff.Staff, error) {
	id, err := pathID(c)
	if err != nil {
		return staff.Staff{}, err
	}
	s, err := a.Staff.GetStaff(id)
	return s, notFoundOr(err)
}

// staffFromForm reads the staff form; the map holds the values as typed,
// to show again next to any errors.
func staffFromForm(c echo.Context) (staff.Staff, map[string]string) {
	form := map[string]string{}
	for _, k := range []string{"staff_no", "name", "unit", "window", "post", "position", "phone", "start_date", "end_date"} {
		form[k] = strings.TrimSpace(c.FormValue(k))
	}
	s := staff.Staff{
		StaffNo:   form["staff_no"],
		Name:      form["name"],
		UnitID:    parseID(form["unit"]),
		WindowID:  parseID(form["window"]),
		Post:      staff.Post(form["post"]),
		Position:  staff.Position(form["position"]),
		Phone:     form["phone"],
		StartDate: form["start_date"],
		EndDate:   form["end_date"],
	}
	return s, form
}

// staffForm is a stored person as form values.
func staffForm(s staff.Staff) map[string]string {
	return map[string]string{
		"staff_no": s.StaffNo, "name": s.Name, "unit": idString(s.UnitID), "window": idString(s.WindowID),
		"post": string(s.Post), "position": string(s.Position), "phone": s.Phone,
		"start_date": s.StartDate, "end_date": s.EndDate,
	}
}

// ---- helpers shared by the settings pages ----

// unitsAndWindows loads both lists (windows by number).
func (a *App) unitsAndWindows() ([]staff.Unit, []staff.Window, error) {
	units, err := a.Staff.Units()
	if err != nil {
		return nil, nil, err
	}
	windows, err := a.Staff.Windows()
	return units, windows, err
}

func unitNames(units []staff.Unit) map[uint64]string {
	m := make(map[uint64]string, len(units))
	for _, u := range units {
		m[u.ID] = u.Name
	}
	return m
}

func windowNumbers(windows []staff.Window) map[uint64]int {
	m := make(map[uint64]int, len(windows))
	for _, w := range windows {
		m[w.ID] = w.Number
	}
	return m
}

// pathID reads the :id path parameter; anything but a positive number is
// a page that does not exist.
func pathID(c echo.Context) (uint64, error) {
	id, err := strconv.ParseUint(c.Param("id"), 10, 64)
	if err != nil || id == 0 {
		return 0, echo.NewHTTPError(http.StatusNotFound)
	}
	return id, nil
}

// notFoundOr answers 404 for a record that does not exist.
func notFoundOr(err error) error {
	if errors.Is(err, staff.ErrNotFound) {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	return err
}

// parseID reads an id from a form or query value; empty or invalid is 0.
func parseID(s string) uint64 {
	id, _ := strconv.ParseUint(strings.TrimSpace(s), 10, 64)
	return id
}

func queryID(c echo.Context, name string) uint64 { return parseID(c.QueryParam(name)) }

func idString(id uint64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatUint(id, 10)
}

// parseNumber reads a whole number as typed, also with full-width digits
// (as a Chinese input method types them) or a trailing 号; 0 when it is not
// a number, which the registry then reports.
func parseNumber(s string) int {
	s = strings.TrimSuffix(strings.TrimSpace(width.Narrow.String(s)), "号")
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0
	}
	return n
}
