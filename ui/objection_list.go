package ui

// 考勤 › 异议: objections to a published weekly result. Staff raise one
// about their own punch point or off-post record within the objection
// window after the weekly notice's publication (regulation: 2 days); the
// office accepts it — the point then counts as on time, or the off-post
// record no longer counts — or rejects it with a reason, in a decision
// list (decisionlist.go). Until a weekly notice is published, the page
// says objections open then.

import (
	"net/http"
	"net/url"
	"time"

	"bianmin/appliance/attendance"
	"bianmin/appliance/problem"
	"bianmin/appliance/staff"

	"github.com/labstack/echo/v4"
)

// objectionKind is how objections appear in a decision list.
var objectionKind = decisionKind{Path: "/attendance/objections", Keys: "attui.objection.", Approve: "accept", Approved: "accepted", RowPrefix: "o-",
	SubjectCol: "attui.col.subject", RequestedCol: "attui.col.filed"}

// objectionPageData is what objections.html shows.
type objectionPageData struct {
	Scope      recordsScope
	CanFile    bool   // the user is linked to a staff member
	HasNotices bool   // some weekly notice is published
	Rule       string // 周通报发布后 2 天内可提出异议
	Open       []noticeInfo
	Notice     *noticeInfo // the notice covering the prefilled date
	Closed     string      // why the form is not offered for the prefilled date
	Context    string      // what the prefilled point or record was judged
	Points     []pointOption
	Filters    decisionFilters
	Pending    decisionList
	Decided    decisionList
	MaxReason  int
}

// noticeInfo describes a published weekly notice.
type noticeInfo struct {
	attendance.NoticeRef
	Week      string // 2026-02-02 至 2026-02-08
	Published string
	Deadline  string
	IsOpen    bool
}

func (a *App) objectionList(c echo.Context) error {
	v, err := a.recordsView(c, objectionKind.key("title"), objectionKind.key("lead"), "date", "point", "offpost")
	if err != nil {
		return err
	}
	return a.renderObjections(c, v, http.StatusOK)
}

func (a *App) renderObjections(c echo.Context, v *view, status int) error {
	sc, set, err := a.recordsContext(c)
	if err != nil {
		return err
	}
	latest, err := a.publishedNotices(time.Time{}, 1)
	if err != nil {
		return err
	}
	now := a.now()
	open, err := a.openNotices(set, now)
	if err != nil {
		return err
	}
	d := objectionPageData{Scope: sc, CanFile: sc.Own.ID != 0, HasNotices: len(latest) > 0, MaxReason: attendance.MaxReasonRunes,
		Rule: v.T("attui.objection.rule", "Days", set.ObjectionDays), Points: pointOptions(v, set.Preset)}
	for _, n := range open {
		d.Open = append(d.Open, a.noticeInfoOf(n, set, now))
	}
	if d.CanFile && v.Form["date"] != "" {
		if err := a.objectionFormFor(v, &d, set, now); err != nil {
			return err
		}
	}
	if d.Filters, err = a.decisionFiltersOf(c, v, sc, objectionKind, string(attendance.StatusAccepted), string(attendance.StatusRejected)); err != nil {
		return err
	}
	page, err := a.Records.ObjectionPage(d.Filters.query(sc))
	if err != nil {
		return err
	}
	rowOf := a.objectionRowOf(v, page.People)
	d.Pending = decisionListOf(v, objectionKind, d.Filters, sc.Office, false, page.Pending, rowOf)
	d.Decided = decisionListOf(v, objectionKind, d.Filters, sc.Office, true, page.Decided, rowOf)
	v.Data = d
	return a.render(c, status, "objections", v)
}

// objectionFormFor finds the notice covering the prefilled date and says
// why no objection can be raised when none is open.
func (a *App) objectionFormFor(v *view, d *objectionPageData, set attendance.Settings, now time.Time) error {
	day, ok := a.parseLocalDay(v.Form["date"])
	if !ok {
		return nil
	}
	n, ok, err := a.noticeCovering(day)
	if err != nil || !ok {
		d.Closed = v.T("attui.objection.no_notice_for_day", "Day", a.dayLabel(v, day))
		return err
	}
	info := a.noticeInfoOf(n, set, now)
	d.Notice = &info
	if p, closed := problem.As(set.CheckObjectionWindow(n, now, a.loc())); closed {
		d.Closed = v.problemText(p)
	}
	if id := parseID(v.Form["offpost"]); id != 0 {
		d.Context = v.T("attui.objection.about_offpost", "Day", a.dayLabel(v, day), "ID", id)
	} else if p := v.Form["point"]; p != "" {
		d.Context = v.T("attui.objection.about_point", "Day", a.dayLabel(v, day), "Point", v.T("attendance.point."+p))
	}
	return nil
}

func (a *App) noticeInfoOf(n attendance.NoticeRef, set attendance.Settings, now time.Time) noticeInfo {
	info := noticeInfo{NoticeRef: n, Published: a.clockText(n.PublishedAt), Deadline: a.clockText(set.ObjectionDeadline(n)),
		IsOpen: set.ObjectionOpen(n, now), Week: n.WeekStart}
	if start, err := time.ParseInLocation(dateLayout, n.WeekStart, a.loc()); err == nil {
		info.Week = n.WeekStart + " — " + start.AddDate(0, 0, 6).Format(dateLayout)
	}
	return info
}

// objectionRowOf turns an objection into a decision list row.
func (a *App) objectionRowOf(v *view, people map[uint64]staff.Staff) func(attendance.Objection) decisionRow {
	return func(o attendance.Objection) decisionRow {
		row := decisionRow{ID: o.ID, Name: staffName(people, o.StaffID), DateText: a.dateLabel(v, o.Date), Reason: o.Reason,
			RequestedAt: a.clockText(o.FiledAt), Status: o.Status, DecisionReason: o.DecisionReason, DecidedBy: o.DecidedBy}
		row.Subject = v.T("attendance.point." + o.Point)
		if o.OffPostID != 0 {
			row.Subject = v.T("attui.objection.offpost_record", "ID", o.OffPostID)
		}
		if !o.DecidedAt.IsZero() {
			row.DecidedAt = a.clockText(o.DecidedAt)
		}
		if o.Correction != nil {
			row.Note = v.T("records.correction." + string(o.Correction.Kind))
		}
		q := url.Values{"m": {o.Date[:min(7, len(o.Date))]}, "staff": {idString(o.StaffID)}}
		row.URL = "/attendance/month?" + q.Encode()
		return row
	}
}
