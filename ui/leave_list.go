package ui

// 请假: the requests as a decision list (decisionlist.go, multi-step): the
// approvers' queue first (the requests waiting at their steps), then the
// pending and decided requests of the people the user sees, and the leave
// still to close (待销假). Each row opens the leave's page, where its next
// step is done.

import (
	"net/http"

	"bianmin/appliance/account"
	"bianmin/appliance/attendance"
	"bianmin/appliance/decision"
	"bianmin/appliance/leave"
	"bianmin/appliance/report"
	"bianmin/appliance/staff"

	"github.com/labstack/echo/v4"
)

// leavePageData is what leave.html shows.
type leavePageData struct {
	CanFile  bool
	Approver bool         // the user completes some step: the queue is shown
	Queue    decisionList // waiting at the user's steps
	Filters  decisionFilters
	Pending  decisionList
	Decided  decisionList
	ToClose  []leaveCloseRow
	Register bool // the register and rules links
}

// leaveCloseRow is one leave still to close.
type leaveCloseRow struct {
	URL, Name, Span, Type string
	Ended                 bool // its end has passed: the return is due
}

func (a *App) leaveList(c echo.Context) error {
	if err := a.leaveReady(); err != nil {
		return err
	}
	v := a.newView(c, "leave.list.title", "leave.list.lead", "leave")
	sc, err := a.recordsScopeOf(c)
	if err != nil {
		return err
	}
	u := currentUser(c)
	d := leavePageData{CanFile: sc.Office || sc.Own.ID != 0, Register: v.Has("office", "director", "deputy", "inspector")}
	if d.Filters, err = a.decisionFiltersOf(c, v, sc, leaveKind,
		string(leave.StatusApproved), string(leave.StatusRejected), string(leave.StatusWithdrawn)); err != nil {
		return err
	}
	q := d.Filters.query(sc)
	page, err := a.Leave.Lists(q)
	if err != nil {
		return err
	}
	rowOf := a.leaveRowOf(v, u, page.People)
	d.Pending = decisionListOf(v, leaveKind, d.Filters, false, false, page.Pending, rowOf)
	d.Decided = decisionListOf(v, leaveKind, d.Filters, false, true, page.Decided, rowOf)
	if stages := leave.StagesOf(u.Role); len(stages) > 0 && sc.Kind == "all" {
		d.Approver = true
		qq := decision.Query{Scope: sc.domain(), Stages: stages, PageSize: recordsPageSize, PendingPage: 1, DecidedPage: 1}
		mine, err := a.Leave.Lists(qq)
		if err != nil {
			return err
		}
		d.Queue = decisionListOf(v, leaveKind, decisionFilters{Action: leaveKind.Path}, false, false, mine.Pending, a.leaveRowOf(v, u, mine.People))
		d.Queue.ID, d.Queue.Title, d.Queue.Print = "queue", v.T("leave.list.queue"), false
		d.Queue.Empty, d.Queue.Next = v.T("leave.list.none_queue"), ""
	}
	toClose, people, err := a.Leave.ToClose(sc.domain(), a.now(), recordsPageSize)
	if err != nil {
		return err
	}
	for _, l := range toClose {
		d.ToClose = append(d.ToClose, leaveCloseRow{URL: leaveURL(l.ID), Name: staffName(people, l.StaffID), Span: a.spanText(v, l),
			Type: v.T("leave.type." + string(l.Type)), Ended: !l.End.After(a.now())})
	}
	v.Data = d
	return a.render(c, http.StatusOK, "leave", v)
}

// leaveRowOf turns a leave into a decision list row.
func (a *App) leaveRowOf(v *view, u *account.User, people map[uint64]staff.Staff) func(leave.Leave) decisionRow {
	m := a.leaveMeta(v)
	return func(l leave.Leave) decisionRow {
		row := decisionRow{ID: l.ID, Name: staffName(people, l.StaffID), URL: leaveURL(l.ID), DateText: a.spanText(v, l),
			Subject: v.T("leave.type."+string(l.Type)) + " · " + report.LengthText(l.Length, m), Reason: l.Reason,
			RequestedAt: a.clockText(l.RecordedAt), RequestedBy: l.RecordedBy, Status: attendance.DecisionStatus(l.Status),
			DecisionReason: l.DecisionReason, DecidedBy: l.DecidedBy, OpenURL: leaveURL(l.ID), MyTurn: myTurn(u, l)}
		if l.Length.Minutes == 0 {
			row.Subject = v.T("leave.type." + string(l.Type))
		}
		if !l.DecidedAt.IsZero() {
			row.DecidedAt = a.clockText(l.DecidedAt)
		}
		switch {
		case l.Status == leave.StatusPending:
			row.Stage = report.StatusText(l, m)
		case l.Status == leave.StatusApproved && l.Closed():
			row.Note = report.StatusText(l, m)
		case l.Status == leave.StatusApproved && l.Source == leave.SourceRequest && !l.Start.After(a.now()):
			row.Note = v.T("leave.status.to_close")
		}
		return row
	}
}

// leaveURL is the page of the leave id.
func leaveURL(id uint64) string { return "/leave/" + idString(id) }
