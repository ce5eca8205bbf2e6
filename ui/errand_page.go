package ui

// 考勤 › 外出备案: temporary departures on official business, registered
// before they start with reason and time (otherwise they count as 脱岗).
// Staff register their own; the office registers anyone's. A registered
// errand is approved at once and excuses the punch points within it. The
// list shows what is coming and what is past, for the people the user
// may see.

import (
	"net/http"
	"net/url"
	"strconv"

	"bianmin/appliance/attendance"
	"bianmin/appliance/staff"

	"github.com/labstack/echo/v4"
)

// errandPageData is what errands.html shows.
type errandPageData struct {
	Scope     recordsScope
	CanFile   bool
	Groups    []staffGroup // the office's person select
	Upcoming  []errandRow
	Past      []errandRow
	Pager     pager
	MaxHours  int
	MaxReason int
}

// errandRow is one errand in the lists.
type errandRow struct {
	attendance.Errand
	Name         string
	DateText     string
	Span         string // 09:00–11:30
	RegisteredAt string
	Ongoing      bool
}

func (a *App) errandList(c echo.Context) error {
	v, err := a.recordsView(c, "attui.errand.title", "attui.errand.lead")
	if err != nil {
		return err
	}
	v.Form["date"] = a.today().Format(dateLayout)
	if s := c.QueryParam("staff"); s != "" {
		v.Form["staff"] = s
	}
	return a.renderErrands(c, v, http.StatusOK)
}

func (a *App) renderErrands(c echo.Context, v *view, status int) error {
	sc, err := a.recordsScopeOf(c)
	if err != nil {
		return err
	}
	d := errandPageData{Scope: sc, CanFile: sc.Office || sc.Own.ID != 0, MaxHours: attendance.MaxErrandHours, MaxReason: attendance.MaxReasonRunes}
	if sc.Office {
		if d.Groups, err = a.activeStaffGroups(); err != nil {
			return err
		}
	} else {
		v.Form["staff"] = idString(sc.Own.ID)
	}
	page, _ := strconv.Atoi(c.QueryParam("page"))
	now := a.now()
	ep, err := a.Records.ErrandPage(sc.domain(), now, page, recordsPageSize)
	if err != nil {
		return err
	}
	for _, e := range ep.Upcoming {
		row := a.errandRowOf(v, ep.People, e)
		row.Ongoing = !e.Start.After(now)
		d.Upcoming = append(d.Upcoming, row)
	}
	for _, e := range ep.Past.Rows {
		d.Past = append(d.Past, a.errandRowOf(v, ep.People, e))
	}
	d.Pager = newPager("/attendance/errands", url.Values{}, ep.Past.Total, ep.Past.Page, recordsPageSize)
	v.Data = d
	return a.render(c, status, "errands", v)
}

func (a *App) errandRowOf(v *view, people map[uint64]staff.Staff, e attendance.Errand) errandRow {
	start, end := e.Start.In(a.loc()), e.End.In(a.loc())
	row := errandRow{Errand: e, Name: staffName(people, e.StaffID), DateText: a.dayLabel(v, start),
		Span: start.Format("15:04") + "–" + end.Format("15:04"), RegisteredAt: a.clockText(e.RegisteredAt)}
	if !civilDay(end, a.loc()).Equal(civilDay(start, a.loc())) {
		row.Span = start.Format("15:04") + "–" + a.clockText(end)
	}
	return row
}

// errandFields maps the records service's field names to the form's.
var errandFields = map[string]string{"staff": "staff", "start": "start", "end": "end", "reason": "reason"}

func (a *App) errandRegister(c echo.Context) error {
	v, sc, err := a.recordsForm(c, "attui.errand.title", "attui.errand.lead", "staff", "date", "start", "end", "reason")
	if err != nil {
		return err
	}
	staffID := filer(v, sc)
	day, _ := a.formDay(v, "date")
	start, end := formClock(v, "start"), formClock(v, "end")
	if len(v.Errors) > 0 {
		return a.renderErrands(c, v, http.StatusBadRequest)
	}
	e := attendance.Errand{StaffID: staffID, Start: start.On(day), End: end.On(day), Reason: v.Form["reason"]}
	if !sc.Office {
		e.RequestedBy = currentUser(c).Username
	}
	if _, err := a.Records.RegisterErrand(currentUser(c).Username, e); err != nil {
		if !showProblem(v, err, errandFields, "start") {
			return err
		}
		return a.renderErrands(c, v, http.StatusBadRequest)
	}
	a.flash(c, "ok", "attui.errand.registered")
	return c.Redirect(http.StatusSeeOther, "/attendance/errands")
}
