package ui

// 请假: what the leave pages share — the leave service's readiness, the
// signed-in user as the domain's actor, whose leave they see, and the
// words of types, steps and lengths (report's leave layout, so that the
// pages and the documents say the same).

import (
	"net/http"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/leave"
	"bianmin/appliance/report"
	"bianmin/embedded"

	"github.com/labstack/echo/v4"
)

// leaveKind is how leave appears in a decision list: several steps, each
// done on the leave's own page.
var leaveKind = decisionKind{Path: "/leave", Keys: "leave.list.", Approve: "approve", Approved: "approved", RowPrefix: "l-",
	SubjectCol: "leave.col.subject", RequestedCol: "leave.col.filed", DateCol: "leave.col.span", Steps: true}

// Roles of the leave routes: everyone who may be on leave or decide it
// (the technician has neither); the register and the rules are the
// management's and the inspectors' (业务科) to read.
var (
	leaveUsers    = []account.Role{account.RoleOffice, account.RoleDirector, account.RoleDeputy, account.RoleLead, account.RoleStaff, account.RoleInspector}
	leaveRegister = []account.Role{account.RoleOffice, account.RoleDirector, account.RoleDeputy, account.RoleInspector}
)

// leaveReady answers 503 when cmd wired no leave service or calendar.
func (a *App) leaveReady() error {
	if a.Leave == nil || a.Calendar == nil {
		return echo.NewHTTPError(http.StatusServiceUnavailable)
	}
	return nil
}

// leaveActor is the signed-in user as the leave flow's actor.
func leaveActor(c echo.Context) leave.Actor {
	u := currentUser(c)
	return leave.Actor{Name: u.Username, Role: u.Role, StaffID: u.StaffID}
}

// leaveMeta lays leave words out in the page's language.
func (a *App) leaveMeta(v *view) report.Meta {
	return report.Meta{Lang: v.Lang, T: a.translator(v.Lang), Location: a.loc()}
}

// seesLeave reports whether the user may see the leave: the person's own
// (or a lead's team, or everyone for the office and the approvers), or a
// leave they substitute for.
func seesLeave(sc recordsScope, l leave.Leave) bool {
	return sc.sees(l.StaffID) || (sc.Own.ID != 0 && sc.Own.ID == l.SubstituteID)
}

// myTurn reports whether the user completes the leave's next step.
func myTurn(u *account.User, l leave.Leave) bool {
	next, _, ok := l.Next()
	return ok && l.Status == leave.StatusPending && u.Role == next.Kind.Role()
}

// spanText is a leave's span as the lists show it: 3月10日 14:40 至 3月12日 14:40.
func (a *App) spanText(v *view, l leave.Leave) string {
	return v.T("leave.span", "Start", a.clockText(l.Start), "End", a.clockText(l.End))
}

// reportFont is the embedded CJK font the leave documents are set in.
func reportFont() ([]byte, error) { return embedded.Font() }

// leaveTimeLayout is how the forms' dates and times join: 2026-03-10 14:30.
const leaveTimeLayout = "2006-01-02 15:04"

// halfHours are the times a leave form offers: 00:00 … 23:30.
func halfHours() []string {
	out := make([]string, 0, 48)
	for m := 0; m < 24*60; m += 30 {
		out = append(out, time.Date(2000, 1, 1, m/60, m%60, 0, 0, time.UTC).Format("15:04"))
	}
	return out
}
