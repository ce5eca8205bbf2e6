package ui

// 受理: what the intake pages share — the service's presence, the user as
// the intake's actor, the units and windows by id, and how a case's
// status, category and deadline are put in words.

import (
	"errors"
	"net/http"

	"bianmin/appliance/account"
	"bianmin/appliance/intake"
	"bianmin/appliance/staff"

	"github.com/labstack/echo/v4"
)

// intakeUsers use the 受理 pages: everyone but the technician.
var intakeUsers = []account.Role{account.RoleOffice, account.RoleDirector, account.RoleDeputy, account.RoleLead, account.RoleStaff, account.RoleInspector}

// intakeReady answers 503 when the box runs without the intake service.
func (a *App) intakeReady() error {
	if a.Intake == nil {
		return echo.NewHTTPError(http.StatusServiceUnavailable)
	}
	return nil
}

// intakeActor is the signed-in user as the intake's actor.
func intakeActor(c echo.Context) intake.Actor {
	u := currentUser(c)
	return intake.Actor{Name: u.Username, Role: u.Role, StaffID: u.StaffID}
}

// ownUnit is the unit of the user's staff record (0: none).
func (a *App) ownUnit(c echo.Context) uint64 {
	u := currentUser(c)
	if u.StaffID == 0 {
		return 0
	}
	s, err := a.Staff.GetStaff(u.StaffID)
	if err != nil {
		return 0
	}
	return s.UnitID
}

// places are the units and windows by id, for naming them on a page.
type places struct {
	Units   []staff.Unit
	Windows []staff.Window
	unit    map[uint64]staff.Unit
	window  map[uint64]staff.Window
}

func (a *App) places() (places, error) {
	units, windows, err := a.unitsAndWindows()
	if err != nil {
		return places{}, err
	}
	p := places{Units: units, Windows: windows, unit: map[uint64]staff.Unit{}, window: map[uint64]staff.Window{}}
	for _, u := range units {
		p.unit[u.ID] = u
	}
	for _, w := range windows {
		p.window[w.ID] = w
	}
	return p, nil
}

func (p places) unitName(id uint64) string { return p.unit[id].Name }

// windowText is 1号窗口 · 民政 ("" for none).
func (p places) windowText(v *view, id uint64) string {
	w, ok := p.window[id]
	if !ok {
		return ""
	}
	return v.T("staff.window.label", "Number", w.Number) + " · " + w.Name
}

// dueText words a deadline: 承诺办结 2026年10月9日（周五） · 还剩 3 个工作日,
// and its tone.
func (a *App) dueText(v *view, d intake.Due) (text, tone string) {
	return a.dueWords(v, d, a.dayLabel(v, d.Date))
}

// dueShort is dueText with the date as 2026-10-09, for the lists.
func (a *App) dueShort(v *view, d intake.Due) (text, tone string) {
	return a.dueWords(v, d, d.Date.Format(dateLayout))
}

func (a *App) dueWords(v *view, d intake.Due, date string) (text, tone string) {
	switch d.Kind {
	case intake.DueNone:
		return "", ""
	case intake.DueSuspended:
		return v.T("intake.due.suspended"), "info"
	}
	text = v.T("intake.due.kind."+string(d.Kind), "Date", date)
	switch {
	case d.DeemedAccepted && d.Overdue:
		return text + " · " + v.T("intake.due.deemed") + " · " + v.T("intake.due.overdue", "Days", -d.DaysLeft), "bad"
	case d.DeemedAccepted:
		return text + " · " + v.T("intake.due.deemed"), "warn"
	case d.Overdue:
		return text + " · " + v.T("intake.due.overdue", "Days", -d.DaysLeft), "bad"
	case d.DaysLeft == 0:
		return text + " · " + v.T("intake.due.today"), "warn"
	}
	return text + " · " + v.T("intake.due.left", "Days", d.DaysLeft), "ok"
}

// notFoundCase answers 404 for a case or item that does not exist.
func notFoundCase(err error) error {
	if errors.Is(err, intake.ErrNotFound) {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	return err
}

// caseURL is the page of the case id.
func caseURL(id uint64) string { return "/intake/cases/" + idString(id) }

// byUnit groups catalog items by unit, in the units' order, as rows made
// by row; units without items are left out.
func byUnit[T any](pl places, items []intake.Item, row func(intake.Item) T) []unitItems[T] {
	var out []unitItems[T]
	for _, u := range pl.Units {
		g := unitItems[T]{Unit: u.Name}
		for _, it := range items {
			if it.UnitID == u.ID {
				g.Items = append(g.Items, row(it))
			}
		}
		if len(g.Items) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// unitItems is one unit's items in a list.
type unitItems[T any] struct {
	Unit  string
	Items []T
}
