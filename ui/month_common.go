package ui

// 考勤 › 考勤月历 and the records kept beside punches (补签, 异议, 外出备案,
// 脱岗): helpers shared by those pages and by the attendance and calendar
// settings pages — the center's time zone and today, whose records a user
// may see and file, the judged month of one person, and refusals of the
// domain shown next to their fields.

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/attendance"
	"bianmin/appliance/problem"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"

	"github.com/labstack/echo/v4"
)

// monthLayout is how a month travels in query strings (2026-02).
const monthLayout = "2006-01"

// Bounds of the years the pages accept in a query string.
const (
	minPageYear = 2000
	maxPageYear = 2100
)

// errNoRecords answers the records pages when cmd wired no records
// service or calendar (never in serve or demo).
var errNoRecords = echo.NewHTTPError(http.StatusServiceUnavailable)

// loc is the center's time zone.
func (a *App) loc() *time.Location {
	if a.Location != nil {
		return a.Location
	}
	return time.Local
}

// now is the store's clock in the center's time zone (tests set it).
func (a *App) now() time.Time { return a.DB.Now().In(a.loc()) }

// today is midnight at the start of today in the center's time zone.
func (a *App) today() time.Time { return civilDay(a.now(), a.loc()) }

// civilDay is midnight at the start of t's date in loc.
func civilDay(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// recordsReady reports whether the records pages can work.
func (a *App) recordsReady() error {
	if a.Records == nil || a.Calendar == nil {
		return errNoRecords
	}
	return nil
}

// parseLocalDay reads a form date (2026-03-02) as midnight in the center's
// time zone.
func (a *App) parseLocalDay(s string) (time.Time, bool) {
	t, err := time.ParseInLocation(dateLayout, strings.TrimSpace(s), a.loc())
	return t, err == nil && t.Year() >= minPageYear && t.Year() <= maxPageYear
}

// monthParam reads ?m=2026-02; anything else is the current month. It
// returns the 1st of the month at midnight in the center's time zone.
func (a *App) monthParam(c echo.Context) time.Time {
	if t, err := time.ParseInLocation(monthLayout, strings.TrimSpace(c.QueryParam("m")), a.loc()); err == nil &&
		t.Year() >= minPageYear && t.Year() <= maxPageYear {
		return t
	}
	y, m, _ := a.now().Date()
	return time.Date(y, m, 1, 0, 0, 0, 0, a.loc())
}

// clockText is a moment as pages show it in the center's time zone:
// 2026-02-14 08:30.
func (a *App) clockText(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(a.loc()).Format("2006-01-02 15:04")
}

// dayLabel is a date as pages show it: 2026年2月14日（周六，调休上班）.
func (a *App) dayLabel(v *view, t time.Time) string {
	if a.Calendar == nil {
		return v.Date(t)
	}
	return a.Calendar.Day(t.In(a.loc())).Label(v.Lang, a.translator(v.Lang))
}

// dateLabel is dayLabel of a stored civil date (2026-02-14); the text as
// is when it is not a date.
func (a *App) dateLabel(v *view, date string) string {
	t, ok := a.parseLocalDay(date)
	if !ok {
		return date
	}
	return a.dayLabel(v, t)
}

// ---- whose records ----

// recordsScope is whose records the signed-in user may see and file: the
// punch list's scope (all, a lead's team, own, unlinked), plus the user's
// own staff record whatever the scope (an office account may be linked
// too), and whether they may act for anyone (the office).
type recordsScope struct {
	punchScope
	Own       staff.Staff // zero when the account is linked to nobody
	Office    bool        // may file and decide for anyone
	Inspector bool        // may record off-post events
}

func (a *App) recordsScopeOf(c echo.Context) (recordsScope, error) {
	u := currentUser(c)
	ps, err := a.punchScopeOf(u)
	if err != nil {
		return recordsScope{}, err
	}
	sc := recordsScope{punchScope: ps, Own: ps.Self, Office: u.Role == account.RoleOffice, Inspector: u.Role == account.RoleInspector}
	if sc.Own.ID == 0 && u.StaffID != 0 {
		if s, err := a.Staff.GetStaff(u.StaffID); err == nil {
			sc.Own = s
		} else if !errors.Is(err, staff.ErrNotFound) {
			return recordsScope{}, err
		}
	}
	return sc, nil
}

// sees reports whether the scope includes the staff member.
func (sc recordsScope) sees(id uint64) bool {
	return sc.Kind == "all" || sc.IDs[id] || (id != 0 && id == sc.Own.ID)
}

// chooseStaff resolves ?staff= (raw) within the scope: a person the user
// may see (404 for an unknown id, 403 for someone else's), or with no
// choice the user's own staff member (zero when unlinked).
func (a *App) chooseStaff(sc recordsScope, raw string) (staff.Staff, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return sc.Own, nil
	}
	id := parseID(raw)
	if id == 0 {
		return staff.Staff{}, echo.NewHTTPError(http.StatusNotFound)
	}
	s, err := a.Staff.GetStaff(id)
	if err != nil {
		return staff.Staff{}, notFoundOr(err)
	}
	if !sc.sees(s.ID) {
		return staff.Staff{}, echo.NewHTTPError(http.StatusForbidden)
	}
	return s, nil
}

// filerFor is the staff member a form is filed for: anyone the office
// picks, otherwise the user's own (the form's choice is ignored). ok is
// false when there is nobody: the user is not linked to a staff member.
func filerFor(sc recordsScope, formStaff string) (uint64, bool) {
	if sc.Office {
		if id := parseID(formStaff); id != 0 {
			return id, true
		}
	}
	return sc.Own.ID, sc.Own.ID != 0
}

// scopePeople lists the people a picker offers: every active person for
// the all scope, a lead's team, or the user alone.
func (a *App) scopePeople(sc recordsScope) ([]staffGroup, error) {
	if sc.Kind == "all" {
		return a.activeStaffGroups()
	}
	var out []staff.Staff
	if sc.Kind == "team" {
		list, err := a.Staff.ListStaff(staff.Filter{})
		if err != nil {
			return nil, err
		}
		for _, s := range list {
			if sc.IDs[s.ID] {
				out = append(out, s)
			}
		}
	} else if sc.Own.ID != 0 {
		out = []staff.Staff{sc.Own}
	}
	if len(out) == 0 {
		return nil, nil
	}
	return []staffGroup{{Staff: out}}, nil
}

// scopeStaff returns every person (active or not) whose records the scope
// shows, by id.
func (a *App) scopeStaff(sc recordsScope) (map[uint64]staff.Staff, error) {
	list, err := a.Staff.ListStaff(staff.Filter{IncludeInactive: true})
	if err != nil {
		return nil, err
	}
	out := map[uint64]staff.Staff{}
	for _, s := range list {
		if sc.sees(s.ID) {
			out[s.ID] = s
		}
	}
	return out, nil
}

// sortedIDs lists the map's staff in staff-number order.
func sortedIDs(people map[uint64]staff.Staff) []uint64 {
	ids := make([]uint64, 0, len(people))
	for id := range people {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(x, y uint64) int { return strings.Compare(people[x].StaffNo, people[y].StaffNo) })
	return ids
}

// ---- the judged month of one person ----

// personMonth is one person's month as the pages show it: judged up to
// yesterday (days from today on have not ended; like the reports, they are
// not judged), with the rules it was judged by.
type personMonth struct {
	attendance.StaffMonth
	Settings attendance.Settings
	Found    bool // false: the person is inactive, so the month builder skips them
}

// loadPersonMonth builds and judges staffID's month starting at first.
func (a *App) loadPersonMonth(staffID uint64, first time.Time) (personMonth, error) {
	var pm personMonth
	err := a.DB.View(func(tx *store.Tx) error {
		set, err := attendance.LoadSettings(tx)
		if err != nil {
			return err
		}
		pm.Settings = set
		all, err := attendance.BuildMonth(tx, attendance.MonthOptions{Year: first.Year(), Month: first.Month(),
			Preset: set.Preset, Location: a.loc(), Calendar: a.Calendar})
		if err != nil {
			return err
		}
		for _, sm := range all {
			if sm.Staff.ID == staffID {
				pm.StaffMonth, pm.Found = sm, true
			}
		}
		return nil
	})
	if err != nil || !pm.Found {
		return pm, err
	}
	today, changed := a.today(), false
	for i := range pm.Days {
		if d := &pm.Days[i]; d.Working && !d.Date.Before(today) {
			d.Working, changed = false, true
		}
	}
	if changed {
		pm.Result = attendance.JudgeMonth(pm.Settings.Preset, pm.Days)
	}
	return pm, nil
}

// pointKeysOf lists the punch points of the rules in day order:
// morning_in, morning_out, ….
func pointKeysOf(p attendance.Preset) []string {
	var out []string
	for _, s := range p.Sessions {
		out = append(out, s.Key+"_in", s.Key+"_out")
	}
	return out
}

// notFoundRecord answers 404 for an id the records service does not know.
func notFoundRecord(err error) error {
	if problem.Is(err, "records.err.not_found") {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	return err
}

// staffName is "刘芳（QS004）", or the id when the person is unknown.
func staffName(people map[uint64]staff.Staff, id uint64) string {
	if s, ok := people[id]; ok {
		return fmt.Sprintf("%s（%s）", s.Name, s.StaffNo)
	}
	return fmt.Sprintf("#%d", id)
}
