package ui

// 考勤 › 补签: asking for a remedy. Staff ask for themselves; the office may
// ask on someone's behalf. The records service checks the rules (the day
// has come, the point exists, the monthly quota) and its refusals show
// next to the field they concern, with the rule and its number.

import (
	"net/http"
	"net/url"
	"time"

	"bianmin/appliance/attendance"

	"github.com/labstack/echo/v4"
)

// remedyFields maps the records service's field names to the form's.
var remedyFields = map[string]string{"staff": "staff", "date": "date", "point": "point", "time": "point", "reason": "reason"}

func (a *App) remedyRequest(c echo.Context) error {
	v, sc, err := a.recordsForm(c, remedyKind.key("title"), remedyKind.key("lead"), "staff", "date", "point", "reason")
	if err != nil {
		return err
	}
	staffID := filer(v, sc)
	if v.Form["point"] == "" {
		v.fieldError("point", "attui.err.point_required")
	}
	if len(v.Errors) > 0 {
		return a.renderRemedies(c, v, http.StatusBadRequest)
	}
	r, err := a.Records.RequestRemedy(currentUser(c).Username,
		attendance.Remedy{StaffID: staffID, Date: v.Form["date"], Point: v.Form["point"], Reason: v.Form["reason"]})
	if err != nil {
		if !showProblem(v, err, remedyFields, "date") {
			return err
		}
		return a.renderRemedies(c, v, http.StatusBadRequest)
	}
	a.flash(c, "ok", "attui.remedy.requested")
	q := url.Values{"m": {r.Date[:7]}}
	if staffID != sc.Own.ID {
		q.Set("staff", idString(staffID))
	}
	return c.Redirect(http.StatusSeeOther, "/attendance/month?"+q.Encode()+"#"+issueID(r.Date, r.Point))
}

// remedyContext says, for the person, day and point the form is
// prefilled with, what the judgement made of the point.
func (a *App) remedyContext(v *view, d *remedyPageData, staffID uint64, day time.Time) error {
	point := v.Form["point"]
	if staffID == 0 || point == "" || day.After(a.today()) {
		return nil
	}
	pm, err := a.loadPersonMonth(staffID, day.AddDate(0, 0, 1-day.Day()))
	if err != nil || !pm.Found {
		return err
	}
	for _, r := range pm.Result.Days {
		if !r.Date.Equal(day) {
			continue
		}
		for _, pt := range r.Points {
			if pt.Key == point && r.Status == attendance.DayJudged {
				d.Context = v.T("attui.remedy.context", "Day", a.dayLabel(v, day), "Point", v.T("attendance.point."+point),
					"Remark", v.T(pt.Remark.Key, argPairs(pt.Remark.Args)...))
			}
		}
	}
	return nil
}
