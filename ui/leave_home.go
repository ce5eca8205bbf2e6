package ui

// 请假 on the menu and the home pages (areas.go): the leave requests at
// the user's steps (the badge and 待办), and today's handovers to
// substitutes (顶岗) — an uncovered window as an alert at the top of the
// home page — for the office, the directors, the inspectors and a lead
// (their team's).

import (
	"slices"

	"bianmin/appliance/account"
	"bianmin/appliance/attendance"
	"bianmin/appliance/decision"
	"bianmin/appliance/leave"
)

// leaveRoles see 请假 in the menu: everyone with leave of their own or
// someone else's to look after.
var leaveRoles = slices.DeleteFunc(slices.Clone(account.AllRoles), func(r account.Role) bool { return r == account.RoleTechnician })

func (a *App) leaveArea() area {
	return area{Key: "leave", Href: "/leave", Roles: leaveRoles, Waiting: a.leaveWaiting, Panels: a.leavePanels}
}

// leaveWaiting: the requests at the user's steps (leave.Service.Waiting).
func (a *App) leaveWaiting(hc *homeContext) ([]waitItem, error) {
	if a.Leave == nil || len(leave.StagesOf(hc.role())) == 0 {
		return nil, nil
	}
	n, err := a.Leave.Waiting(decision.Scope{All: true}, hc.role())
	if err != nil || n == 0 {
		return nil, err
	}
	return []waitItem{{Label: hc.v.T("home.wait.leave"), Count: n, Href: "/leave#queue"}}, nil
}

// leavePanels: today's handovers the user may see, each covered or not.
func (a *App) leavePanels(hc *homeContext) ([]homePanel, error) {
	if a.Records == nil || a.Calendar == nil || !hc.is(account.RoleOffice, account.RoleDirector, account.RoleDeputy, account.RoleInspector, account.RoleLead) {
		return nil, nil
	}
	sc, err := hc.recordsScope()
	if err != nil {
		return nil, err
	}
	today, err := a.Records.HandoversToday(hc.now, a.Calendar)
	if err != nil {
		return nil, err
	}
	v := hc.v
	p := homePanel{ID: "handovers", Title: v.T("leave.dash.handovers"), Kind: "rows"}
	for _, h := range today.List {
		if !sc.sees(h.LeaverID) {
			continue
		}
		leaver, sub := today.People[h.LeaverID], today.People[h.SubstituteID]
		window := v.T("leave.dash.no_window")
		if w, ok := today.Windows[h.LeaverID]; ok {
			window = v.T("leave.slip.window", "Number", w.Number, "Name", w.Name)
		}
		key := "leave.dash.handover_" + string(h.Status)
		if h.Status == attendance.HandoverUncovered {
			key += "_" + h.Cause
		}
		args := []any{"Window", window, "Leaver", leaver.Name, "Substitute", sub.Name, "Start", a.clockText(h.Start)[11:]}
		if h.Departure != nil {
			args = append(args, "Departure", a.clockText(h.Departure.Time)[11:])
		}
		if h.Arrival != nil {
			args = append(args, "Arrival", a.clockText(h.Arrival.Time)[11:])
		}
		row := homeRow{Text: v.T(key, args...), Href: leaveURL(h.LeaveID), Tag: v.T("home.handover." + string(h.Status)), Tone: "ok"}
		switch h.Status {
		case attendance.HandoverUncovered:
			row.Tone = "bad"
			p.Alerts = append(p.Alerts, homeAlert{Key: "handover-uncovered", Text: row.Text, Href: row.Href, Link: v.T("leave.dash.open")})
		case attendance.HandoverWaiting:
			row.Tone = "warn"
		}
		p.Rows = append(p.Rows, row)
	}
	if len(p.Rows) == 0 {
		return nil, nil // no handover today: nothing to show
	}
	return []homePanel{p}, nil
}
