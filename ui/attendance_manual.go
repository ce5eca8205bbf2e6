package ui

// 考勤 › 补录打卡: the office enters a punch by hand when the fingerprint
// clock failed. The punch is marked 补录 wherever it is shown, carries the
// reason, and is audited like every punch.

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"bianmin/appliance/attendance"

	"github.com/labstack/echo/v4"
)

// manualReasons are the reasons offered as suggestions (locale keys); the
// field takes any text.
var manualReasons = []string{"punch.manual.reason.broken", "punch.manual.reason.offline", "punch.manual.reason.not_recognised", "punch.manual.reason.errand"}

// manualFormData is what punches_manual.html needs besides the form values.
type manualFormData struct {
	Groups  []staffGroup
	Reasons []string
	MaxLen  int
}

func (a *App) manualPunchForm(c echo.Context) error {
	if err := a.needAttendance(); err != nil {
		return err
	}
	v := a.newView(c, "punch.manual.title", "punch.manual.lead", "attendance")
	now := a.now()
	v.Form["date"], v.Form["time"] = now.Format(dateLayout), now.Format("15:04")
	if id := c.QueryParam("staff"); id != "" {
		v.Form["staff"] = id
	}
	return a.renderManualForm(c, v, http.StatusOK)
}

func (a *App) manualPunchSubmit(c echo.Context) error {
	if err := a.needAttendance(); err != nil {
		return err
	}
	v := a.newView(c, "punch.manual.title", "punch.manual.lead", "attendance")
	for _, k := range []string{"staff", "date", "time", "reason"} {
		v.Form[k] = strings.TrimSpace(c.FormValue(k))
	}
	p := attendance.Punch{StaffID: parseID(v.Form["staff"]), Source: attendance.SourceManual,
		Quality: a.timeQuality(), Reason: v.Form["reason"]}
	if p.StaffID == 0 {
		v.fieldError("staff", "punch.manual.err.staff_required")
	}
	day, _ := a.formDay(v, "date")
	clock, err := attendance.ParseClock(v.Form["time"])
	if err != nil {
		v.fieldError("time", "punch.manual.err.time_required")
	}
	if p.Reason == "" {
		v.fieldError("reason", "punch.manual.err.reason_required")
	}
	if len(v.Errors) > 0 {
		return a.renderManualForm(c, v, http.StatusBadRequest)
	}
	p.Time = clock.On(day)
	saved, dup, err := a.Punches.Record(currentUser(c).Username, p)
	switch {
	case errors.Is(err, attendance.ErrReasonRequired):
		v.fieldError("reason", "punch.manual.err.reason_required")
	case errors.Is(err, attendance.ErrReasonTooLong):
		v.fieldError("reason", "punch.manual.err.reason_long", "Max", attendance.MaxManualReasonRunes)
	case errors.Is(err, attendance.ErrFutureTime):
		v.fieldError("time", "punch.manual.err.future")
	case errors.Is(err, attendance.ErrTimeOutOfRange):
		v.fieldError("date", "records.err.date_range", "Value", v.Form["date"])
	case errors.Is(err, attendance.ErrInactiveStaff):
		v.fieldError("staff", "punch.manual.err.inactive")
	case errors.Is(err, attendance.ErrUnknownStaff):
		v.fieldError("staff", "punch.manual.err.staff_required")
	case err != nil:
		return err
	case dup:
		v.fieldError("time", "punch.manual.err.duplicate", "Time", saved.Time.In(a.loc()).Format(clockLayout))
	}
	if len(v.Errors) > 0 {
		return a.renderManualForm(c, v, http.StatusBadRequest)
	}
	a.flash(c, "ok", "punch.manual.saved")
	st, _ := a.Staff.GetStaff(saved.StaffID)
	q := url.Values{"from": {v.Form["date"]}, "to": {v.Form["date"]}, "q": {st.StaffNo}}
	return c.Redirect(http.StatusSeeOther, "/attendance/punches?"+q.Encode())
}

func (a *App) renderManualForm(c echo.Context, v *view, status int) error {
	groups, err := a.activeStaffGroups()
	if err != nil {
		return err
	}
	v.Data = manualFormData{Groups: groups, Reasons: manualReasons, MaxLen: attendance.MaxManualReasonRunes}
	return a.render(c, status, "punches_manual", v)
}
