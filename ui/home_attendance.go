package ui

// 考勤 on the menu and the home pages: the office's 补签 and 异议 to decide
// (the badge), a clerk's own today, month and open requests, a window
// lead's window today, the hall today for the office, the directors and
// the inspectors, and for the inspectors who is out on an errand and this
// month's off-post records. Every count and state comes from
// appliance/attendance's read models (Waiting, HallToday, PersonMonth,
// ErrandPage, OffPostMonth).

import (
	"fmt"
	"strconv"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/attendance"
	"bianmin/appliance/decision"
)

// hallRoles see the whole hall's attendance on their home page.
var hallRoles = []account.Role{account.RoleOffice, account.RoleDirector, account.RoleDeputy, account.RoleInspector}

func (a *App) attendanceArea() area {
	return area{Key: "attendance", Href: "/attendance/month", Roles: account.AllRoles,
		Waiting: a.attendanceWaiting, Panels: a.attendancePanels}
}

// attendanceWaiting: the office decides remedies and objections.
func (a *App) attendanceWaiting(hc *homeContext) ([]waitItem, error) {
	if a.Records == nil || !hc.is(account.RoleOffice) {
		return nil, nil
	}
	w, err := a.Records.Waiting(decision.Scope{All: true})
	if err != nil {
		return nil, err
	}
	var out []waitItem
	if w.Remedies > 0 {
		out = append(out, waitItem{Label: hc.v.T("home.wait.remedies"), Count: w.Remedies, Href: "/attendance/remedies"})
	}
	if w.Objections > 0 {
		out = append(out, waitItem{Label: hc.v.T("home.wait.objections"), Count: w.Objections, Href: "/attendance/objections"})
	}
	return out, nil
}

func (a *App) attendancePanels(hc *homeContext) ([]homePanel, error) {
	if a.Records == nil || a.Calendar == nil || hc.is(account.RoleTechnician) {
		return nil, nil
	}
	sc, err := hc.recordsScope()
	if err != nil {
		return nil, err
	}
	var out []homePanel
	if hc.is(account.RoleStaff, account.RoleLead) {
		mine, err := a.myAttendancePanels(hc, sc)
		if err != nil {
			return nil, err
		}
		out = append(out, mine...)
	}
	switch {
	case hc.is(hallRoles...):
		p, err := a.hallTodayPanel(hc, attendance.HallFilter{}, "hall-today", "home.hall.title")
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	case hc.is(account.RoleLead) && sc.Kind == "team":
		ids := make([]uint64, 0, len(sc.IDs))
		for id := range sc.IDs {
			ids = append(ids, id)
		}
		p, err := a.hallTodayPanel(hc, attendance.HallFilter{StaffIDs: ids}, "team-today", "home.team.title")
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	if hc.is(account.RoleDirector, account.RoleDeputy) {
		p, err := a.officeQueuePanel(hc)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	if hc.is(account.RoleInspector) {
		more, err := a.inspectorPanels(hc)
		if err != nil {
			return nil, err
		}
		out = append(out, more...)
	}
	return out, nil
}

// myAttendancePanels: a clerk's today, month and open requests.
func (a *App) myAttendancePanels(hc *homeContext, sc recordsScope) ([]homePanel, error) {
	v := hc.v
	today := homePanel{ID: "my-today", Title: v.T("home.my.today"), Kind: "chips",
		Links: []homeLink{{v.T("home.my.punches"), "/attendance/punches"}}}
	month := homePanel{ID: "my-month", Title: v.T("home.my.month", "Month", monthText(v, firstOfMonth(hc.today))), Kind: "figures",
		Links: []homeLink{{v.T("home.my.open_month"), "/attendance/month"}}}
	if sc.Own.ID == 0 {
		today.Empty = v.T("attui.month.unlinked")
		return []homePanel{today}, nil
	}
	pm, err := a.loadPersonMonth(sc.Own.ID, firstOfMonth(hc.today))
	if err != nil {
		return nil, err
	}
	if !pm.Found {
		today.Empty = v.T("attui.month.inactive", "Name", sc.Own.Name)
		return []homePanel{today}, nil
	}
	i := hc.today.Day() - 1
	switch {
	case !a.Calendar.IsWorkday(hc.today):
		today.Empty = v.T("home.my.day_off", "Date", a.dayLabel(v, hc.today))
	case i < len(pm.Days):
		ctx := monthContext{person: sc.Own, first: firstOfMonth(hc.today), today: hc.today, now: hc.now, preset: pm.Settings.Preset}
		today.Lead = a.dayLabel(v, hc.today)
		today.Chips = a.todayChips(v, ctx, pm.Days[i])
	}
	t := monthTotalsOf(v, pm.Result)
	tone := func(bad bool, t string) string {
		if bad {
			return t
		}
		return ""
	}
	month.Figures = []homeFigure{
		{Value: strconv.Itoa(t.Late), Label: v.T("attendance.summary.late"), Tone: tone(t.Late > 0, "warn")},
		{Value: strconv.Itoa(t.Early), Label: v.T("attendance.summary.early"), Tone: tone(t.Early > 0, "warn")},
		{Value: strconv.Itoa(t.Missed), Label: v.T("attendance.summary.missed"), Tone: tone(t.Missed > 0, "warn")},
		{Value: t.Absent, Label: v.T("home.my.absent_days"), Tone: tone(t.Absent != "0", "bad")},
		{Value: leaveDays(pm.Result), Label: v.T("home.my.leave_days")},
	}
	if until := hc.today.AddDate(0, 0, -1); until.Month() == hc.today.Month() {
		month.Lead = v.T("attui.month.until", "Date", a.dayLabel(v, until))
	} else {
		month.Lead = v.T("attui.month.until_none")
	}
	requests, err := a.myRequestsPanel(hc, sc)
	if err != nil {
		return nil, err
	}
	return []homePanel{today, month, requests}, nil
}

// leaveDays is the month's leave of every type, in days.
func leaveDays(r attendance.MonthResult) string {
	var h attendance.HalfDays
	for _, n := range r.Leave {
		h += n
	}
	return h.String()
}

// firstOfMonth is midnight of the 1st of t's month, in t's location.
func firstOfMonth(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, t.Location())
}

// myRequestsPanel: the clerk's remedies and objections still waiting for
// the office, oldest first (a page of each).
func (a *App) myRequestsPanel(hc *homeContext, sc recordsScope) (homePanel, error) {
	v := hc.v
	p := homePanel{ID: "my-requests", Title: v.T("home.my.requests"), Kind: "rows", Empty: v.T("home.my.no_requests"),
		Links: []homeLink{{v.T("attui.nav.remedies"), "/attendance/remedies"}, {v.T("attui.nav.objections"), "/attendance/objections"}}}
	q := decision.Query{Scope: decision.Scope{Staff: []uint64{sc.Own.ID}}, StaffID: sc.Own.ID, PendingPage: 1, DecidedPage: 1, PageSize: homeListSize}
	rp, err := a.Records.RemedyPage(attendance.RemedyQuery{Query: q})
	if err != nil {
		return p, err
	}
	for _, r := range rp.Pending.Rows {
		p.Rows = append(p.Rows, homeRow{Text: v.T("home.my.remedy", "Date", a.dateText(v, r.Date), "Point", pointName(v, r.Point)),
			Tag: v.T("records.status.pending"), Tone: "warn", Href: "/attendance/remedies"})
	}
	op, err := a.Records.ObjectionPage(q)
	if err != nil {
		return p, err
	}
	for _, o := range op.Pending.Rows {
		p.Rows = append(p.Rows, homeRow{Text: v.T("home.my.objection", "Date", a.dateText(v, o.Date), "Point", pointName(v, o.Point)),
			Tag: v.T("records.status.pending"), Tone: "warn", Href: "/attendance/objections"})
	}
	if more := rp.Pending.Total + op.Pending.Total - len(p.Rows); more > 0 {
		p.Rows = append(p.Rows, homeRow{Text: v.T("home.more", "Count", more), Href: "/attendance/remedies"})
	}
	return p, nil
}

// homeListSize is how many rows a home page list shows before "more".
const homeListSize = 5

// dateText is a stored date (2026-02-03) as pages show it.
func (a *App) dateText(v *view, date string) string {
	if t, ok := parseDay(date, a.loc()); ok {
		return v.Date(t)
	}
	return date
}

// pointName is a punch point in words; "" for none.
func pointName(v *view, point string) string {
	if point == "" {
		return v.T("home.my.whole_day")
	}
	return v.T("attendance.point." + point)
}

// hallTodayPanel: today's attendance of the filter's people, by state,
// with names (each links to the person's month).
func (a *App) hallTodayPanel(hc *homeContext, f attendance.HallFilter, id, title string) (homePanel, error) {
	v := hc.v
	p := homePanel{ID: id, Title: v.T(title), Kind: "people", Wide: true, Lead: a.dayLabel(v, hc.today) + " " + hc.now.Format("15:04"),
		Links: []homeLink{{v.T("home.hall.open_grid"), "/attendance/grid"}}}
	ht, err := a.Records.HallToday(f, hc.now, a.Calendar)
	if err != nil {
		return p, err
	}
	if !ht.Working {
		p.Empty = v.T("home.hall.day_off")
		return p, nil
	}
	if len(ht.People) == 0 {
		p.Empty = v.T("home.hall.nobody")
		return p, nil
	}
	groups := map[attendance.TodayState]*homeGroup{}
	for _, st := range attendance.TodayStates() {
		g := &homeGroup{Key: string(st), Label: v.T("home.today." + string(st)), Tone: todayTone(st)}
		groups[st] = g
	}
	for _, pt := range ht.People {
		n := homeName{Text: pt.Staff.Name, Href: fmt.Sprintf("/attendance/month?staff=%d", pt.Staff.ID)}
		switch pt.State {
		case attendance.TodayIn:
			n.Note = pt.Punches[0].Time.In(a.loc()).Format("15:04")
			n.Title = v.T("home.today.first_punch", "Time", n.Note)
		case attendance.TodayLeave:
			n.Note = leaveText(v, pt.LeaveType)
		}
		groups[pt.State].Names = append(groups[pt.State].Names, n)
	}
	for _, st := range attendance.TodayStates() {
		p.Groups = append(p.Groups, *groups[st])
	}
	return p, nil
}

// todayTone colours a state of today.
func todayTone(st attendance.TodayState) string {
	switch st {
	case attendance.TodayIn:
		return "ok"
	case attendance.TodayAbsent:
		return "bad"
	case attendance.TodayNotIn:
		return "warn"
	}
	return "info"
}

// officeQueuePanel: for the directors, what the office has still to
// decide (they read, the office decides).
func (a *App) officeQueuePanel(hc *homeContext) (homePanel, error) {
	v := hc.v
	p := homePanel{ID: "office-queue", Title: v.T("home.office_queue.title"), Lead: v.T("home.office_queue.lead"), Kind: "figures"}
	w, err := a.Records.Waiting(decision.Scope{All: true})
	if err != nil {
		return p, err
	}
	p.Figures = []homeFigure{
		{Value: strconv.Itoa(w.Remedies), Label: v.T("home.wait.remedies"), Href: "/attendance/remedies"},
		{Value: strconv.Itoa(w.Objections), Label: v.T("home.wait.objections"), Href: "/attendance/objections"},
	}
	return p, nil
}

// inspectorPanels: who is out on a registered errand now or later today
// (to check they are where they said), and this month's off-post records.
func (a *App) inspectorPanels(hc *homeContext) ([]homePanel, error) {
	v := hc.v
	errands := homePanel{ID: "errands-today", Title: v.T("home.inspect.errands"), Lead: v.T("home.inspect.errands_lead"), Kind: "rows",
		Empty: v.T("home.inspect.no_errands"), Links: []homeLink{{v.T("attui.nav.errands"), "/attendance/errands"}}}
	ep, err := a.Records.ErrandPage(decision.Scope{All: true}, hc.now, 1, 1)
	if err != nil {
		return nil, err
	}
	tomorrow := hc.today.AddDate(0, 0, 1)
	for _, e := range ep.Upcoming {
		if !e.Start.Before(tomorrow) {
			continue
		}
		tag, tone := v.T("home.inspect.later"), "info"
		if e.Start.Before(hc.now) {
			tag, tone = v.T("home.inspect.out_now"), "warn"
		}
		errands.Rows = append(errands.Rows, homeRow{Text: staffName(ep.People, e.StaffID),
			Note: e.Start.In(a.loc()).Format("15:04") + "–" + e.End.In(a.loc()).Format("15:04") + " " + e.Reason, Tag: tag, Tone: tone})
	}
	offPost := homePanel{ID: "offpost-month", Title: v.T("home.inspect.offpost", "Month", monthText(v, firstOfMonth(hc.today))), Kind: "rows",
		Empty: v.T("home.inspect.no_offpost"), Links: []homeLink{{v.T("home.inspect.record_offpost"), "/attendance/offpost"}}}
	om, err := a.Records.OffPostMonth(decision.Scope{All: true}, firstOfMonth(hc.today))
	if err != nil {
		return nil, err
	}
	for i, r := range om.Rows {
		if i == homeListSize {
			offPost.Rows = append(offPost.Rows, homeRow{Text: v.T("home.more", "Count", len(om.Rows)-i), Href: "/attendance/offpost"})
			break
		}
		verdict := om.Verdicts[i]
		row := homeRow{Text: staffName(om.People, r.StaffID), Note: v.DateTime(r.Start) + " · " + durationText(v, time.Duration(r.Minutes)*time.Minute), Tag: v.T("home.inspect.recorded"), Tone: "warn"}
		if verdict.Absent > 0 {
			row.Tag, row.Tone = v.T("attui.chip.absent"), "bad"
		}
		offPost.Rows = append(offPost.Rows, row)
	}
	return []homePanel{errands, offPost}, nil
}
