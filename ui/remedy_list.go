package ui

// 考勤 › 补签: the remedy (补签) form, prefilled from the month page's
// point, and the requests as a decision list (decisionlist.go): pending
// first — the office approves or rejects them — then the decided ones,
// newest decision first. Each user sees the requests of the people the
// month page would show them.

import (
	"fmt"
	"net/http"
	"net/url"
	"time"

	"bianmin/appliance/attendance"

	"github.com/labstack/echo/v4"
)

// remedyKind is how remedies appear in a decision list.
var remedyKind = decisionKind{Path: "/attendance/remedies", Keys: "attui.remedy.", Approve: "approve", Approved: "approved", RowPrefix: "r-",
	SubjectCol: "attui.col.point", RequestedCol: "attui.col.requested"}

// remedyPageData is what remedies.html shows.
type remedyPageData struct {
	Scope      recordsScope
	CanFile    bool         // the form is shown: the user is linked to a staff member, or is the office
	FormErrors bool         // the form has problems (not a decision's row)
	FormOpen   bool         // the office's form is shown open: prefilled or with problems
	Groups     []staffGroup // the office's person select
	Points     []pointOption
	Context    string // what the chosen point was judged
	Quota      string // 本月已申请 1 次，每月最多 3 次
	Filters    decisionFilters
	Pending    decisionList
	Decided    decisionList
	MaxReason  int
}

// pointOption is one punch point of the rules in a select.
type pointOption struct{ Key, Label string }

// pointOptions lists the punch points of the rules for a select.
func pointOptions(v *view, p attendance.Preset) []pointOption {
	var out []pointOption
	for _, k := range attendance.PointKeys(p) {
		out = append(out, pointOption{Key: k, Label: v.T("attendance.point." + k)})
	}
	return out
}

func (a *App) remedyList(c echo.Context) error {
	v, err := a.recordsView(c, remedyKind.key("title"), remedyKind.key("lead"), "staff", "date", "point")
	if err != nil {
		return err
	}
	return a.renderRemedies(c, v, http.StatusOK)
}

// renderRemedies shows the page with the form values in v.Form.
func (a *App) renderRemedies(c echo.Context, v *view, status int) error {
	sc, set, err := a.recordsContext(c)
	if err != nil {
		return err
	}
	d := remedyPageData{Scope: sc, CanFile: sc.Office || sc.Own.ID != 0, MaxReason: attendance.MaxReasonRunes, Points: pointOptions(v, set.Preset)}
	if !sc.Office {
		v.Form["staff"] = idString(sc.Own.ID)
	}
	if v.Form["date"] == "" {
		v.Form["date"] = a.today().Format(dateLayout)
	}
	if sc.Office {
		if d.Groups, err = a.activeStaffGroups(); err != nil {
			return err
		}
	}
	for _, k := range []string{"staff", "date", "point", "reason"} {
		d.FormErrors = d.FormErrors || v.Errors[k] != ""
	}
	d.FormOpen = d.FormErrors || v.Form["point"] != ""
	if d.Filters, err = a.decisionFiltersOf(c, v, sc, remedyKind, string(attendance.StatusApproved), string(attendance.StatusRejected), string(attendance.StatusWithdrawn)); err != nil {
		return err
	}
	q := attendance.RemedyQuery{Query: d.Filters.query(sc)}
	day, dayOK := a.parseLocalDay(v.Form["date"])
	if d.CanFile && dayOK {
		q.QuotaStaff, q.QuotaDate = parseID(v.Form["staff"]), day.Format(dateLayout)
	}
	page, err := a.Records.RemedyPage(q)
	if err != nil {
		return err
	}
	if page.Quota != nil {
		first := day.AddDate(0, 0, 1-day.Day())
		d.Quota = v.T("attui.remedy.quota", "Month", monthText(v, first), "Used", page.Quota.Used, "Max", page.Quota.Max, "Days", set.RemedyDays)
		if err := a.remedyContext(v, &d, q.QuotaStaff, day); err != nil {
			return err
		}
	}
	rowOf := a.remedyRowOf(v, page, currentUser(c).Username, sc.Office)
	d.Pending = decisionListOf(v, remedyKind, d.Filters, sc.Office, false, page.Pending, rowOf)
	d.Decided = decisionListOf(v, remedyKind, d.Filters, sc.Office, true, page.Decided, rowOf)
	v.Data = d
	return a.render(c, status, "remedies", v)
}

// remedyRowOf turns a remedy into a decision list row: a pending one says
// how its point stands now, and offers the withdraw button to the one who
// asked for it and to the office.
func (a *App) remedyRowOf(v *view, page attendance.RemedyPage, user string, office bool) func(attendance.Remedy) decisionRow {
	people := page.People
	return func(r attendance.Remedy) decisionRow {
		row := decisionRow{ID: r.ID, Name: staffName(people, r.StaffID), DateText: a.dateLabel(v, r.Date), Reason: r.Reason,
			RequestedAt: a.clockText(r.RequestedAt), RequestedBy: r.RequestedBy, Status: r.Status,
			DecisionReason: r.DecisionReason, DecidedBy: r.DecidedBy}
		row.Subject = v.T("attendance.point." + r.Point)
		if r.Point == "" {
			row.Subject = r.Time.In(a.loc()).Format("15:04")
		}
		if !r.DecidedAt.IsZero() {
			row.DecidedAt = a.clockText(r.DecidedAt)
		}
		q := url.Values{"m": {r.Date[:min(7, len(r.Date))]}, "staff": {idString(r.StaffID)}}
		row.URL = "/attendance/month?" + q.Encode() + "#" + issueID(r.Date, r.Point)
		if r.Status == attendance.StatusPending {
			if st, ok := page.States[r.ID]; ok {
				row.State, row.StateWarn = pointStateText(v, a.loc(), r, st)
			}
			if office || r.RequestedBy == user {
				row.WithdrawURL = fmt.Sprintf("%s/%d/withdraw", remedyKind.Path, r.ID)
			}
		}
		return row
	}
}

// pointStateText says how a pending remedy's point stands now; warn when
// approving it would change nothing (the point has a punch of its own).
func pointStateText(v *view, loc *time.Location, r attendance.Remedy, st attendance.PointState) (string, bool) {
	switch {
	case !st.Judged || !st.Found && r.Point != "":
		return v.T("attui.remedy.state.not_judged"), true
	case r.Point == "" && st.Used:
		return v.T("attui.remedy.state.time_free"), false
	case r.Point == "":
		return v.T("attui.remedy.state.time_taken"), true
	case st.Punch != nil && st.Punch.Remedy:
		return v.T("attui.remedy.state.remedied"), true
	case st.Punch != nil:
		return v.T("attui.remedy.state.punched", "Time", st.Punch.Time.In(loc).Format("15:04"),
			"Verdict", v.T("attendance.point_status."+string(st.Status))), true
	case st.Status == attendance.PointCoveredLeave || st.Status == attendance.PointCoveredErrand:
		return v.T("attui.remedy.state.covered", "Verdict", v.T("attendance.point_status."+string(st.Status))), true
	}
	return v.T("attui.remedy.state.missing"), false
}
