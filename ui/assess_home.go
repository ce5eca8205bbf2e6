package ui

// 考核 on the menu and the home pages (areas.go): the monthly 100-point
// assessment (appliance/assess). The office sees the objections waiting
// for a decision; every assessed person sees this month's score so far.

import (
	"errors"
	"strconv"

	"bianmin/appliance/account"
	"bianmin/appliance/assess"
)

// Who sees what in 考核.
var (
	assessUsers    = []account.Role{account.RoleOffice, account.RoleDirector, account.RoleDeputy, account.RoleLead, account.RoleStaff, account.RoleInspector}
	assessReaders  = []account.Role{account.RoleOffice, account.RoleDirector, account.RoleDeputy, account.RoleInspector}
	assessRecorder = []account.Role{account.RoleOffice, account.RoleInspector}
)

func (a *App) assessArea() area {
	return area{Key: "assess", Href: "/assess", Roles: assessUsers, Waiting: a.assessWaiting, Panels: a.assessPanels}
}

func (a *App) assessWaiting(hc *homeContext) ([]waitItem, error) {
	if a.Assess == nil || !hc.is(account.RoleOffice) {
		return nil, nil
	}
	n, err := a.Assess.PendingCount()
	if err != nil || n == 0 {
		return nil, err
	}
	return []waitItem{{Label: hc.v.T("assess.wait.objections"), Count: n, Href: "/assess/objections"}}, nil
}

// assessPanels: a linked person's month so far.
func (a *App) assessPanels(hc *homeContext) ([]homePanel, error) {
	if a.Assess == nil || !hc.is(assessUsers...) {
		return nil, nil
	}
	sc, err := hc.recordsScope()
	if err != nil || sc.Own.ID == 0 {
		return nil, err
	}
	month := hc.now.Format(monthLayout)
	sm, err := a.Assess.StaffMonth(sc.Own.ID, month)
	if errors.Is(err, assess.ErrNotAssessed) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	v := hc.v
	href := assessStaffURL(sc.Own.ID, month)
	p := homePanel{ID: "assess", Title: v.T("assess.home.title"), Kind: "figures",
		Links: []homeLink{{Label: v.T("assess.home.open"), Href: href}}}
	p.Figures = []homeFigure{
		{Value: strconv.Itoa(sm.Score), Label: v.T("assess.home.score"), Href: href, Tone: toneIf(sm.Score < assess.FullScore-10, "warn")},
		{Value: strconv.Itoa(len(sm.Deductions)), Label: v.T("assess.home.deductions"), Href: href},
	}
	return []homePanel{p}, nil
}
