package ui

// 受理 on the menu and the home pages (areas.go): the cases past their
// limit (the badge and 待办) and, on the home page, the overdue and
// due-soon counts in colour — red, amber — for the user's unit (the
// office and the directors: every unit). Overdue cases are put before the
// office as an alert (超时: the office presses the window to finish at
// once; the box never decides a case itself).

import (
	"strconv"

	"bianmin/appliance/account"
)

func (a *App) intakeArea() area {
	return area{Key: "intake", Href: "/intake", Roles: intakeUsers, Waiting: a.intakeWaiting, Panels: a.intakePanels}
}

// intakeUnits is whose deadlines the home page counts: nil (every unit)
// for the office, the directors and the inspectors; the user's unit for
// the others; ok false for a user linked to no unit.
func (a *App) intakeUnits(hc *homeContext) (units []uint64, ok bool) {
	if hc.is(account.RoleOffice, account.RoleDirector, account.RoleDeputy, account.RoleInspector) {
		return nil, true
	}
	if !hc.is(intakeUsers...) {
		return nil, false
	}
	u := a.ownUnit(hc.c)
	return []uint64{u}, u != 0
}

// intakeWaiting: the overdue cases the user answers for.
func (a *App) intakeWaiting(hc *homeContext) ([]waitItem, error) {
	if a.Intake == nil {
		return nil, nil
	}
	units, ok := a.intakeUnits(hc)
	if !ok {
		return nil, nil
	}
	late, _, err := a.Intake.DueCounts(units, 0)
	if err != nil || late == 0 {
		return nil, err
	}
	return []waitItem{{Label: hc.v.T("home.wait.intake_overdue"), Count: late, Href: "/intake/due#late"}}, nil
}

// intakePanels: the deadline figures, and the overdue alert for the office.
func (a *App) intakePanels(hc *homeContext) ([]homePanel, error) {
	if a.Intake == nil {
		return nil, nil
	}
	units, ok := a.intakeUnits(hc)
	if !ok {
		return nil, nil
	}
	late, soon, err := a.Intake.DueCounts(units, 0)
	if err != nil {
		return nil, err
	}
	v := hc.v
	p := homePanel{ID: "intake-due", Title: v.T("intake.dash.title"), Kind: "figures",
		Links: []homeLink{{Label: v.T("intake.dash.open"), Href: "/intake/due"}}}
	lateTone, soonTone := "ok", "ok"
	if late > 0 {
		lateTone = "bad"
	}
	if soon > 0 {
		soonTone = "warn"
	}
	p.Figures = []homeFigure{
		{Value: strconv.Itoa(late), Label: v.T("intake.dash.overdue"), Href: "/intake/due#late", Tone: lateTone},
		{Value: strconv.Itoa(soon), Label: v.T("intake.dash.soon"), Href: "/intake/due#soon", Tone: soonTone},
	}
	if late > 0 && hc.is(account.RoleOffice) {
		p.Alerts = append(p.Alerts, homeAlert{Key: "intake-overdue", Text: v.T("intake.dash.alert", "Count", late),
			Href: "/intake/due#late", Link: v.T("intake.dash.open")})
	}
	return []homePanel{p}, nil
}
