package ui

// 考勤 › 考勤月历 (my month): one person's month as a calendar grid, weeks
// from Monday, every punch point a chip (colour and a word), then what
// went wrong point by point with the way to put it right (补签, 异议), the
// month's totals and the rules' remarks. Staff see their own month, a
// window lead their window's people, the office, the directors and the
// inspectors anyone.

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"bianmin/appliance/attendance"
	"bianmin/appliance/staff"

	"github.com/labstack/echo/v4"
)

// monthPageData is what month.html shows.
type monthPageData struct {
	Scope      recordsScope
	Groups     []staffGroup // the person picker (all and team scopes)
	Person     staff.Staff  // whose month; zero: nobody chosen yet
	Inactive   bool         // the person is inactive: nothing is judged
	Month      time.Time    // the 1st, midnight
	MonthValue string       // 2026-02, for the month field
	MonthText  string       // 2026年2月
	PrevURL    string
	NextURL    string
	ThisURL    string // "" when the month shown is this month
	Weekdays   []string
	Weeks      [][]monthCell
	Issues     []monthIssue
	Totals     monthTotals
	Remarks    []string
	Until      string // when the month has not ended: up to which day it is judged
	NotStarted bool   // the month lies in the future
	Preset     string // the rules' name
	Own        bool   // the person is the user
}

func (a *App) monthView(c echo.Context) error {
	if err := a.recordsReady(); err != nil {
		return err
	}
	v := a.newView(c, "attui.month.title", "attui.month.lead", "attendance")
	sc, err := a.recordsScopeOf(c)
	if err != nil {
		return err
	}
	person, err := a.chooseStaff(sc, c.QueryParam("staff"))
	if err != nil {
		return err
	}
	first := a.monthParam(c, v)
	d := monthPageData{Scope: sc, Person: person, Month: first, MonthValue: first.Format(monthLayout),
		MonthText: monthText(v, first), Own: person.ID != 0 && person.ID == sc.Own.ID}
	if d.Groups, err = a.scopePeople(sc); err != nil {
		return err
	}
	v.Form["staff"], v.Form["m"] = idString(person.ID), d.MonthValue
	link := func(t time.Time) string {
		q := url.Values{"m": {t.Format(monthLayout)}}
		if person.ID != 0 && c.QueryParam("staff") != "" {
			q.Set("staff", idString(person.ID))
		}
		return "/attendance/month?" + q.Encode()
	}
	d.PrevURL, d.NextURL = link(first.AddDate(0, -1, 0)), link(first.AddDate(0, 1, 0))
	if thisMonth := time.Date(a.today().Year(), a.today().Month(), 1, 0, 0, 0, 0, a.loc()); !thisMonth.Equal(first) {
		d.ThisURL = link(thisMonth)
	}
	for _, wd := range []int{1, 2, 3, 4, 5, 6, 0} {
		d.Weekdays = append(d.Weekdays, v.T("weekday."+strconv.Itoa(wd)))
	}
	if person.ID != 0 {
		if err := a.fillMonth(v, sc, &d); err != nil {
			return err
		}
	}
	v.Data = d
	return a.render(c, http.StatusOK, "month", v)
}

// fillMonth judges the person's month and lays it out.
func (a *App) fillMonth(v *view, sc recordsScope, d *monthPageData) error {
	pm, err := a.loadPersonMonth(d.Person.ID, d.Month)
	if err != nil {
		return err
	}
	d.Preset = presetName(v, pm.Settings.Preset)
	if !pm.Found {
		d.Inactive = true
		return nil
	}
	today, next := a.today(), d.Month.AddDate(0, 1, 0)
	switch {
	case d.Month.After(today):
		d.NotStarted = true
	case today.Before(next):
		d.Until = v.T("attui.month.until", "Date", a.dayLabel(v, today.AddDate(0, 0, -1)))
		if !today.After(d.Month) {
			d.Until = v.T("attui.month.until_none")
		}
	}
	ctx, err := a.monthContext(sc, d, pm.Settings)
	if err != nil {
		return err
	}
	d.Weeks = a.monthGrid(v, pm, ctx)
	d.Issues = a.monthIssues(v, pm, ctx)
	d.Totals = monthTotalsOf(v, pm.Result)
	d.Remarks = append(d.Remarks, a.spanRemarks(v, pm.Span)...)
	for _, r := range pm.Result.Remarks {
		d.Remarks = append(d.Remarks, v.T(r.Key, argPairs(r.Args)...))
	}
	for _, r := range pm.Remarks {
		d.Remarks = append(d.Remarks, v.T(r.Key, argPairs(r.Args)...))
	}
	return nil
}

// spanRemarks say that the month is judged only in part: from go-live,
// from the day the person joined, up to the day they left.
func (a *App) spanRemarks(v *view, s attendance.JudgedSpan) []string {
	var out []string
	for _, x := range []struct{ date, key string }{{s.GoLive, "attui.month.go_live"}, {s.Start, "attui.month.joined"}, {s.End, "attui.month.left"}} {
		if x.date != "" {
			out = append(out, v.T(x.key, "Date", a.dateLabel(v, x.date)))
		}
	}
	return out
}

// monthText is 2026年2月 / February 2026.
func monthText(v *view, first time.Time) string {
	return v.T("attui.month.heading", "Year", first.Year(), "Month", int(first.Month()), "MonthName", first.Month().String())
}

// presetName names the rules: a built-in preset by its locale label, a
// center's own by its name.
func presetName(v *view, p attendance.Preset) string {
	if _, ok := attendance.PresetByKey(p.Key); ok {
		return v.T("attendance.preset." + p.Key)
	}
	if p.Name != "" {
		return p.Name
	}
	return p.Key
}

// personMonth is one person's month as the month page shows it.
type personMonth = attendance.PersonMonth

// loadPersonMonth builds and judges staffID's month starting at first, up
// to yesterday (days from today on have not ended; like the reports, they
// are not judged).
func (a *App) loadPersonMonth(staffID uint64, first time.Time) (personMonth, error) {
	return a.Records.PersonMonth(staffID, first.Year(), first.Month(), a.today(), a.Calendar)
}
