package ui

// 考勤 › 补签: the office approves a remedy — it then counts like a punch,
// marked 补 — or rejects it with a reason. A decision is never changed.

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

func (a *App) remedyApprove(c echo.Context) error { return a.remedyDecide(c, true) }
func (a *App) remedyReject(c echo.Context) error  { return a.remedyDecide(c, false) }

func (a *App) remedyDecide(c echo.Context, approve bool) error {
	if err := a.recordsReady(); err != nil {
		return err
	}
	id, err := pathID(c)
	if err != nil {
		return err
	}
	reason := strings.TrimSpace(c.FormValue("reason"))
	_, err = a.Records.DecideRemedy(currentUser(c).Username, id, approve, reason)
	if err != nil {
		if err = notFoundRecord(err); isHTTPError(err) {
			return err
		}
		v := a.newView(c, "attui.remedy.title", "attui.remedy.lead", "attendance")
		field := "reason-" + idString(id)
		v.Form[field] = reason
		if !showProblem(v, err, map[string]string{"reason": field, "status": field}, field) {
			return err
		}
		return a.renderRemedies(c, v, http.StatusBadRequest)
	}
	if approve {
		a.flash(c, "ok", "attui.remedy.approved")
	} else {
		a.flash(c, "ok", "attui.remedy.rejected")
	}
	return c.Redirect(http.StatusSeeOther, "/attendance/remedies")
}

// isHTTPError reports whether err is already an answer (404 and the like).
func isHTTPError(err error) bool {
	_, ok := err.(*echo.HTTPError)
	return ok
}
