package ui

// 考勤 › 打卡记录: the punch list. Who sees whom: the office, the
// directors and the inspectors see everyone; a window lead sees the people
// of their window (of their unit when they have no window); everyone else
// sees only their own punches, through the staff member linked to their
// account.

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/attendance"
	"bianmin/appliance/staff"

	"github.com/labstack/echo/v4"
)

// punchPageSize is how many punches one page of the list shows.
const punchPageSize = 50

// punchScope is whose punches a user may see.
type punchScope struct {
	Kind string          // "all", "team" (a lead's window), "own", "unlinked"
	IDs  map[uint64]bool // the people in a team or own scope
	Self staff.Staff     // the user's own staff record (team, own)
}

// seesEveryone lists the roles that read every person's punches.
var seesEveryone = []account.Role{account.RoleOffice, account.RoleDirector, account.RoleDeputy, account.RoleInspector}

func (a *App) punchScopeOf(u *account.User) (punchScope, error) {
	if roleAllowed(u.Role, seesEveryone) {
		return punchScope{Kind: "all"}, nil
	}
	if u.StaffID == 0 {
		return punchScope{Kind: "unlinked"}, nil
	}
	self, err := a.Staff.GetStaff(u.StaffID)
	if err != nil {
		if errors.Is(err, staff.ErrNotFound) {
			return punchScope{Kind: "unlinked"}, nil
		}
		return punchScope{}, err
	}
	sc := punchScope{Kind: "own", IDs: map[uint64]bool{self.ID: true}, Self: self}
	if u.Role != account.RoleLead {
		return sc, nil
	}
	f := staff.Filter{IncludeInactive: true, WindowID: self.WindowID}
	if self.WindowID == 0 {
		f.UnitID = self.UnitID
	}
	team, err := a.Staff.ListStaff(f)
	if err != nil {
		return punchScope{}, err
	}
	sc.Kind = "team"
	for _, s := range team {
		sc.IDs[s.ID] = true
	}
	return sc, nil
}

// punchRow is one line of the punch list.
type punchRow struct {
	attendance.Punch
	Clock    string // 08:29:13
	Name     string
	StaffNo  string
	UnitName string
}

// punchListData is what punches.html shows.
type punchListData struct {
	Rows      []punchRow
	Units     []staff.Unit
	Pager     pager
	Scope     punchScope
	From, To  time.Time // the days shown, both included
	Filtered  bool      // a unit or search filter is set
	ExportURL string    // the XLSX export of the same selection
}

func (a *App) attendanceHome(c echo.Context) error {
	return c.Redirect(http.StatusSeeOther, "/attendance/punches")
}

func (a *App) punchList(c echo.Context) error {
	if err := a.needAttendance(); err != nil {
		return err
	}
	v := a.newView(c, "punch.list.title", "punch.list.lead", "attendance")
	sel, _, err := a.selectPunches(c) // a day that is not a date shows the default
	if err != nil {
		return err
	}
	d := punchListData{Scope: sel.Scope, From: sel.From, To: sel.To, Filtered: sel.Filtered()}
	q := sel.query()
	for _, k := range []string{"from", "to", "unit", "q"} {
		if val := q.Get(k); val != "" {
			v.Form[k] = val
		}
	}
	d.ExportURL = "/attendance/punches/export.xlsx?" + q.Encode()
	if sel.Scope.Kind == "all" {
		if d.Units, err = a.Staff.Units(); err != nil {
			return err
		}
	}
	rows, err := a.selectedPunchRows(sel)
	if err != nil {
		return err
	}
	page, _ := strconv.Atoi(c.QueryParam("page"))
	d.Pager = newPager("/attendance/punches", q, len(rows), page, punchPageSize)
	if len(rows) > 0 {
		d.Rows = rows[d.Pager.First-1 : d.Pager.Last]
	}
	v.Data = d
	return a.render(c, http.StatusOK, "punches", v)
}

// punchSelection is which punches the list and its export show: whose
// (the user's scope), which days, and the unit and search filters, which
// only the scopes that see other people may set.
type punchSelection struct {
	Scope    punchScope
	From, To time.Time // both included
	Unit, Q  string    // the filters as given; empty when unset or not allowed
}

// selectPunches reads the request's selection. badDay names a from or to
// parameter that is given but is not a date ("" when both are fine); that
// day falls back to its default, which the list shows and the export
// refuses.
func (a *App) selectPunches(c echo.Context) (sel punchSelection, badDay string, err error) {
	if sel.Scope, err = a.punchScopeOf(currentUser(c)); err != nil {
		return sel, "", err
	}
	sel.From, sel.To, badDay = a.punchRange(c)
	if sel.Scope.Kind == "all" || sel.Scope.Kind == "team" {
		sel.Unit = strings.TrimSpace(c.QueryParam("unit"))
		sel.Q = strings.TrimSpace(c.QueryParam("q"))
	}
	return sel, badDay, nil
}

// Filtered reports whether a unit or search filter is set.
func (s punchSelection) Filtered() bool { return s.Unit != "" || s.Q != "" }

// query is the selection as URL parameters, for the pager and the export.
func (s punchSelection) query() url.Values {
	q := url.Values{"from": {s.From.Format(dateLayout)}, "to": {s.To.Format(dateLayout)}}
	if s.Unit != "" {
		q.Set("unit", s.Unit)
	}
	if s.Q != "" {
		q.Set("q", s.Q)
	}
	return q
}

// selectedPunchRows loads the selected punches, newest first; an account
// linked to nobody has none.
func (a *App) selectedPunchRows(sel punchSelection) ([]punchRow, error) {
	if sel.Scope.Kind == "unlinked" {
		return nil, nil
	}
	return a.punchRows(sel.Scope, sel.From, sel.To.AddDate(0, 0, 1), parseID(sel.Unit), sel.Q)
}

// punchRange reads the from/to days (both included); the default is this
// week, Monday to Sunday. Reversed days are swapped. bad names a parameter
// that is given but is not a date (its default is used instead).
func (a *App) punchRange(c echo.Context) (from, to time.Time, bad string) {
	monday := weekStart(a.now())
	from, to = monday, monday.AddDate(0, 0, 6)
	for _, p := range []struct {
		name string
		day  *time.Time
	}{{"from", &from}, {"to", &to}} {
		s := strings.TrimSpace(c.QueryParam(p.name))
		if s == "" {
			continue
		}
		if t, ok := parseDay(s, a.loc()); ok {
			*p.day = t
		} else if bad == "" {
			bad = p.name
		}
	}
	if to.Before(from) {
		from, to = to, from
	}
	return from, to, bad
}

// punchRows loads the punches of the scope with from ≤ time < end, newest
// first, keeping only people of unitID (0 = any) whose name or staff number
// contains query.
func (a *App) punchRows(sc punchScope, from, end time.Time, unitID uint64, query string) ([]punchRow, error) {
	var list []attendance.Punch
	var err error
	if sc.Kind == "own" {
		list, err = a.Punches.Punches(sc.Self.ID, from, end)
	} else {
		list, err = a.Punches.Between(from, end, 0)
	}
	if err != nil {
		return nil, err
	}
	people, err := a.Staff.ListStaff(staff.Filter{IncludeInactive: true})
	if err != nil {
		return nil, err
	}
	units, err := a.Staff.Units()
	if err != nil {
		return nil, err
	}
	byID := make(map[uint64]staff.Staff, len(people))
	for _, s := range people {
		byID[s.ID] = s
	}
	unitName := unitNames(units)
	query = strings.ToLower(strings.TrimSpace(query))
	rows := make([]punchRow, 0, len(list))
	for _, p := range slices.Backward(list) {
		s := byID[p.StaffID]
		switch {
		case sc.IDs != nil && !sc.IDs[p.StaffID],
			unitID != 0 && s.UnitID != unitID,
			query != "" && !strings.Contains(strings.ToLower(s.Name), query) && !strings.Contains(strings.ToLower(s.StaffNo), query):
			continue
		}
		rows = append(rows, punchRow{Punch: p, Clock: p.Time.In(a.loc()).Format(clockLayout),
			Name: s.Name, StaffNo: s.StaffNo, UnitName: unitName[s.UnitID]})
	}
	return rows, nil
}
