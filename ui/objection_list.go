package ui

// 考勤 › 异议: objections to a published weekly result. Staff raise one
// about their own punch point or off-post record within the objection
// window after the weekly notice's publication (regulation: 2 days); the
// office accepts it — the point then counts as on time, or the off-post
// record no longer counts — or rejects it with a reason. Until a weekly
// notice is published, the page says objections open then.

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"bianmin/appliance/attendance"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"

	"github.com/labstack/echo/v4"
)

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
	Pending    []objectionRow
	Decided    []objectionRow
	Pager      pager
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

// objectionRow is one objection in the lists.
type objectionRow struct {
	attendance.Objection
	Name        string
	DateText    string
	Subject     string // 上午签到, or 脱岗记录 #3
	Week        string
	FiledAt     string
	DecidedAt   string
	Correction  string
	MonthURL    string
	ReasonField string
}

func (a *App) objectionList(c echo.Context) error {
	if err := a.recordsReady(); err != nil {
		return err
	}
	v := a.newView(c, "attui.objection.title", "attui.objection.lead", "attendance")
	for _, k := range []string{"date", "point", "offpost"} {
		v.Form[k] = strings.TrimSpace(c.QueryParam(k))
	}
	return a.renderObjections(c, v, http.StatusOK)
}

func (a *App) renderObjections(c echo.Context, v *view, status int) error {
	sc, err := a.recordsScopeOf(c)
	if err != nil {
		return err
	}
	set, err := attendance.LoadSettingsDB(a.DB)
	if err != nil {
		return err
	}
	notices, err := a.publishedNotices()
	if err != nil {
		return err
	}
	d := objectionPageData{Scope: sc, CanFile: sc.Own.ID != 0, HasNotices: len(notices) > 0, MaxReason: attendance.MaxReasonRunes,
		Rule: v.T("attui.objection.rule", "Days", set.ObjectionDays)}
	now := a.now()
	for _, n := range notices {
		if info := a.noticeInfoOf(n, set.ObjectionWindow(), now); info.IsOpen {
			d.Open = append(d.Open, info)
		}
	}
	for _, k := range pointKeysOf(set.Preset) {
		d.Points = append(d.Points, pointOption{Key: k, Label: v.T("attendance.point." + k)})
	}
	if d.CanFile && v.Form["date"] != "" {
		a.objectionFormFor(v, &d, notices, set, now)
	}
	people, err := a.scopeStaff(sc)
	if err != nil {
		return err
	}
	all, err := a.objectionsOf(people)
	if err != nil {
		return err
	}
	var decided []objectionRow
	for _, o := range all {
		row := a.objectionRowOf(v, people, o)
		if o.Status == attendance.StatusPending {
			d.Pending = append(d.Pending, row)
		} else {
			decided = append(decided, row)
		}
	}
	slices.SortStableFunc(d.Pending, func(x, y objectionRow) int { return cmp.Compare(x.Objection.Date, y.Objection.Date) })
	slices.SortStableFunc(decided, func(x, y objectionRow) int { return y.Objection.DecidedAt.Compare(x.Objection.DecidedAt) })
	page, _ := strconv.Atoi(c.QueryParam("page"))
	d.Pager = newPager("/attendance/objections", url.Values{}, len(decided), page, recordsPageSize)
	if len(decided) > 0 {
		d.Decided = decided[d.Pager.First-1 : d.Pager.Last]
	}
	v.Data = d
	return a.render(c, status, "objections", v)
}

// objectionFormFor finds the notice covering the prefilled date and says
// why no objection can be raised when none is open.
func (a *App) objectionFormFor(v *view, d *objectionPageData, notices []attendance.NoticeRef, set attendance.Settings, now time.Time) {
	day, ok := a.parseLocalDay(v.Form["date"])
	if !ok {
		return
	}
	n, ok := noticeCovering(notices, day, a.loc())
	if !ok {
		d.Closed = v.T("attui.objection.no_notice_for_day", "Day", a.dayLabel(v, day))
		return
	}
	info := a.noticeInfoOf(n, set.ObjectionWindow(), now)
	d.Notice = &info
	if !info.IsOpen {
		d.Closed = v.T("records.objection.err.late", "Days", set.ObjectionDays, "Published", info.Published)
	}
	if id := parseID(v.Form["offpost"]); id != 0 {
		d.Context = v.T("attui.objection.about_offpost", "Day", a.dayLabel(v, day), "ID", id)
	} else if p := v.Form["point"]; p != "" {
		d.Context = v.T("attui.objection.about_point", "Day", a.dayLabel(v, day), "Point", v.T("attendance.point."+p))
	}
}

func (a *App) noticeInfoOf(n attendance.NoticeRef, window time.Duration, now time.Time) noticeInfo {
	info := noticeInfo{NoticeRef: n, Published: a.clockText(n.PublishedAt), Deadline: a.clockText(n.PublishedAt.Add(window)),
		IsOpen: objectionOpen(n, now, window), Week: n.WeekStart}
	if start, err := time.ParseInLocation(dateLayout, n.WeekStart, a.loc()); err == nil {
		info.Week = n.WeekStart + " — " + start.AddDate(0, 0, 6).Format(dateLayout)
	}
	return info
}

// objectionsOf reads every objection of the people.
func (a *App) objectionsOf(people map[uint64]staff.Staff) ([]attendance.Objection, error) {
	var out []attendance.Objection
	err := a.DB.View(func(tx *store.Tx) error {
		for _, id := range sortedIDs(people) {
			list, err := attendance.ObjectionsTx(tx, id, allFrom, allTo)
			if err != nil {
				return err
			}
			out = append(out, list...)
		}
		return nil
	})
	return out, err
}

func (a *App) objectionRowOf(v *view, people map[uint64]staff.Staff, o attendance.Objection) objectionRow {
	row := objectionRow{Objection: o, Name: staffName(people, o.StaffID), DateText: a.dateLabel(v, o.Date),
		Week: o.Notice.WeekStart, FiledAt: a.clockText(o.FiledAt), ReasonField: "reason-" + strconv.FormatUint(o.ID, 10)}
	row.Subject = v.T("attendance.point." + o.Point)
	if o.OffPostID != 0 {
		row.Subject = v.T("attui.objection.offpost_record", "ID", o.OffPostID)
	}
	if !o.DecidedAt.IsZero() {
		row.DecidedAt = a.clockText(o.DecidedAt)
	}
	if o.Correction != nil {
		row.Correction = v.T("records.correction." + string(o.Correction.Kind))
	}
	q := url.Values{"m": {o.Date[:min(7, len(o.Date))]}, "staff": {idString(o.StaffID)}}
	row.MonthURL = "/attendance/month?" + q.Encode()
	return row
}
