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
	Rows     []punchRow
	Units    []staff.Unit
	Pager    pager
	Scope    punchScope
	From, To time.Time // the days shown, both included
	Filtered bool      // a unit or search filter is set
}

func (a *App) attendanceHome(c echo.Context) error {
	return c.Redirect(http.StatusSeeOther, "/attendance/punches")
}

func (a *App) punchList(c echo.Context) error {
	if err := a.needAttendance(); err != nil {
		return err
	}
	v := a.newView(c, "punch.list.title", "punch.list.lead", "attendance")
	sc, err := a.punchScopeOf(currentUser(c))
	if err != nil {
		return err
	}
	from, to := a.punchRange(c)
	d := punchListData{Scope: sc, From: from, To: to}
	v.Form["from"], v.Form["to"] = from.Format(dateLayout), to.Format(dateLayout)
	q := url.Values{"from": {v.Form["from"]}, "to": {v.Form["to"]}}
	if sc.Kind == "all" || sc.Kind == "team" {
		for _, k := range []string{"unit", "q"} {
			if val := strings.TrimSpace(c.QueryParam(k)); val != "" {
				q.Set(k, val)
				v.Form[k] = val
				d.Filtered = true
			}
		}
	}
	if sc.Kind == "all" {
		if d.Units, err = a.Staff.Units(); err != nil {
			return err
		}
	}
	var rows []punchRow
	if sc.Kind != "unlinked" {
		if rows, err = a.punchRows(sc, from, to.AddDate(0, 0, 1), parseID(v.Form["unit"]), v.Form["q"]); err != nil {
			return err
		}
	}
	page, _ := strconv.Atoi(c.QueryParam("page"))
	d.Pager = newPager("/attendance/punches", q, len(rows), page, punchPageSize)
	if len(rows) > 0 {
		d.Rows = rows[d.Pager.First-1 : d.Pager.Last]
	}
	v.Data = d
	return a.render(c, http.StatusOK, "punches", v)
}

// punchRange reads the from/to days (both included); the default is this
// week, Monday to Sunday. Reversed days are swapped.
func (a *App) punchRange(c echo.Context) (from, to time.Time) {
	monday := weekStart(a.now())
	from, to = monday, monday.AddDate(0, 0, 6)
	if t, ok := parseDay(c.QueryParam("from"), a.loc()); ok {
		from = t
	}
	if t, ok := parseDay(c.QueryParam("to"), a.loc()); ok {
		to = t
	}
	if to.Before(from) {
		from, to = to, from
	}
	return from, to
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
