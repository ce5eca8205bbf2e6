package ui

// 考勤 › 脱岗: departures from the post without leave or a registered
// errand, found on inspection. The inspectors and the office record them;
// the directors read them. Each record says what the rules make of it: an
// absence of more than the preset's limit counts as 旷工.

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"bianmin/appliance/attendance"

	"github.com/labstack/echo/v4"
)

// offPostPageData is what offpost.html shows.
type offPostPageData struct {
	CanRecord  bool
	Groups     []staffGroup
	Month      time.Time
	MonthValue string
	MonthText  string
	PrevURL    string
	NextURL    string
	Rows       []offPostRow
	Rule       string // 擅离岗位超过 120 分钟计旷工 0.5 天
	MaxHours   int
	MaxNote    int
}

// offPostRow is one record of the month.
type offPostRow struct {
	attendance.OffPostRecord
	Name       string
	DateText   string
	Span       string
	RecordedAt string
	Verdict    string
	Absent     bool
	MonthURL   string
}

func (a *App) offPostList(c echo.Context) error {
	v, err := a.recordsView(c, "attui.offpost.title", "attui.offpost.lead")
	if err != nil {
		return err
	}
	now := a.now()
	v.Form["date"], v.Form["start"] = now.Format(dateLayout), now.Format("15:04")
	return a.renderOffPost(c, v, a.monthParam(c, v), http.StatusOK)
}

func (a *App) renderOffPost(c echo.Context, v *view, first time.Time, status int) error {
	sc, err := a.recordsScopeOf(c)
	if err != nil {
		return err
	}
	m, err := a.Records.OffPostMonth(sc.domain(), first)
	if err != nil {
		return err
	}
	d := offPostPageData{CanRecord: sc.Office || sc.Inspector, Month: first, MonthValue: first.Format(monthLayout),
		MonthText: monthText(v, first), MaxHours: attendance.MaxOffPostHours, MaxNote: attendance.MaxReasonRunes}
	link := func(t time.Time) string {
		return "/attendance/offpost?" + url.Values{"m": {t.Format(monthLayout)}}.Encode()
	}
	d.PrevURL, d.NextURL = link(first.AddDate(0, -1, 0)), link(first.AddDate(0, 1, 0))
	p := m.Preset
	d.Rule = v.T("attui.offpost.rule_off")
	if p.OffPostAbsenceHalves > 0 {
		d.Rule = v.T("attui.offpost.rule", "Over", p.OffPostOverMinutes, "Days", attendance.HalfDays(p.OffPostAbsenceHalves).String())
	}
	if d.CanRecord {
		if d.Groups, err = a.activeStaffGroups(); err != nil {
			return err
		}
	}
	for i, r := range m.Rows {
		start := r.Start.In(a.loc())
		row := offPostRow{OffPostRecord: r, Name: staffName(m.People, r.StaffID), DateText: a.dayLabel(v, start),
			Span: start.Format("15:04") + "–" + r.End.In(a.loc()).Format("15:04"), RecordedAt: a.clockText(r.RecordedAt),
			MonthURL: "/attendance/month?" + url.Values{"m": {start.Format(monthLayout)}, "staff": {idString(r.StaffID)}}.Encode()}
		op := m.Verdicts[i]
		row.Verdict, row.Absent = v.T(op.Remark.Key, argPairs(op.Remark.Args)...), op.Absent > 0
		d.Rows = append(d.Rows, row)
	}
	v.Data = d
	return a.render(c, status, "offpost", v)
}

// offPostFields maps the records service's field names to the form's.
var offPostFields = map[string]string{"staff": "staff", "start": "start", "minutes": "minutes", "note": "note"}

func (a *App) offPostRecord(c echo.Context) error {
	v, err := a.recordsView(c, "attui.offpost.title", "attui.offpost.lead", "staff", "date", "start", "minutes", "note")
	if err != nil {
		return err
	}
	r := attendance.OffPostRecord{StaffID: parseID(v.Form["staff"]), Note: v.Form["note"]}
	if r.StaffID == 0 {
		v.fieldError("staff", "attui.err.staff_required")
	}
	day, okDay := a.formDay(v, "date")
	start := formClock(v, "start")
	minutes, err := strconv.Atoi(v.Form["minutes"])
	if err != nil {
		v.fieldError("minutes", "attui.err.whole_number")
	}
	first := a.monthParam(c, v)
	if okDay {
		first = day.AddDate(0, 0, 1-day.Day())
	}
	if len(v.Errors) > 0 {
		return a.renderOffPost(c, v, first, http.StatusBadRequest)
	}
	r.Start, r.Minutes = start.On(day), minutes
	if _, err := a.Records.RecordOffPost(currentUser(c).Username, r); err != nil {
		if !showProblem(v, err, offPostFields, "start") {
			return err
		}
		return a.renderOffPost(c, v, first, http.StatusBadRequest)
	}
	a.flash(c, "ok", "attui.offpost.recorded")
	return c.Redirect(http.StatusSeeOther, "/attendance/offpost?"+url.Values{"m": {first.Format(monthLayout)}}.Encode())
}
