package ui

// 考勤 › 异议: raising an objection (staff, about their own result) and the
// office's decision on it.

import (
	"net/http"
	"net/url"

	"bianmin/appliance/attendance"

	"github.com/labstack/echo/v4"
)

// objectionFields maps the records service's field names to the form's;
// "notice" (not published yet, too late) shows above the form.
var objectionFields = map[string]string{"notice": "notice", "date": "date", "point": "point",
	"off_post_id": "point", "kind": "point", "reason": "reason", "staff": "notice"}

func (a *App) objectionFile(c echo.Context) error {
	v, sc, err := a.recordsForm(c, objectionKind.key("title"), objectionKind.key("lead"), "date", "point", "offpost", "reason")
	if err != nil {
		return err
	}
	if sc.Own.ID == 0 {
		v.fieldError("notice", "attui.err.unlinked")
		return a.renderObjections(c, v, http.StatusBadRequest)
	}
	day, ok := a.formDay(v, "date")
	if !ok {
		return a.renderObjections(c, v, http.StatusBadRequest)
	}
	n, ok, err := a.noticeCovering(day)
	if err != nil {
		return err
	}
	if !ok {
		v.fieldError("notice", "attui.objection.no_notice_for_day", "Day", a.dayLabel(v, day))
		return a.renderObjections(c, v, http.StatusBadRequest)
	}
	o := attendance.Objection{StaffID: sc.Own.ID, Notice: n, Date: v.Form["date"], Point: v.Form["point"],
		OffPostID: parseID(v.Form["offpost"]), Reason: v.Form["reason"]}
	if o.OffPostID != 0 {
		o.Point = ""
	}
	if _, err := a.Records.FileObjection(currentUser(c).Username, o); err != nil {
		if !showProblem(v, err, objectionFields, "notice") {
			return err
		}
		return a.renderObjections(c, v, http.StatusBadRequest)
	}
	a.flash(c, "ok", "attui.objection.filed")
	return c.Redirect(http.StatusSeeOther, "/attendance/month?"+url.Values{"m": {day.Format(monthLayout)}}.Encode())
}

func (a *App) objectionAccept(c echo.Context) error { return a.decide(c, a.objectionDecision(), true) }
func (a *App) objectionReject(c echo.Context) error { return a.decide(c, a.objectionDecision(), false) }

// objectionDecision is how the decision list decides an objection:
// accepted with the correction it names (the reason is optional), or
// rejected (the reason is required).
func (a *App) objectionDecision() decisionAction {
	return decisionAction{Kind: objectionKind, Ready: a.recordsReady, Page: a.renderObjections,
		Do: func(actor string, id uint64, accept bool, reason string) (err error) {
			if accept {
				_, err = a.Records.AcceptObjection(actor, id, attendance.Correction{}, reason)
			} else {
				_, err = a.Records.RejectObjection(actor, id, reason)
			}
			return err
		}}
}
