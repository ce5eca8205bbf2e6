package ui

// 考勤 › 补签: the office approves a remedy — it then counts like a punch,
// marked 补 — or rejects it with a reason. A decision is never changed.

import (
	"net/http"

	"bianmin/appliance/account"
	"bianmin/appliance/problem"

	"github.com/labstack/echo/v4"
)

func (a *App) remedyApprove(c echo.Context) error { return a.decide(c, a.remedyDecision(), true) }

// remedyWithdraw takes back a pending remedy: the one who asked for it,
// or the office. The domain refuses anyone else, and a decided remedy.
func (a *App) remedyWithdraw(c echo.Context) error {
	if err := a.recordsReady(); err != nil {
		return err
	}
	id, err := pathID(c)
	if err != nil {
		return err
	}
	u := currentUser(c)
	if _, err := a.Records.WithdrawRemedy(u.Username, id, u.Role == account.RoleOffice); err != nil {
		if err = notFoundRecord(err); isHTTPError(err) {
			return err
		}
		v := a.newView(c, remedyKind.key("title"), remedyKind.key("lead"), "attendance")
		p, ok := problem.As(err)
		if !ok {
			return err
		}
		v.Flash, v.FlashOK = v.problemText(p), false
		return a.renderRemedies(c, v, http.StatusBadRequest)
	}
	a.flash(c, "ok", "attui.remedy.withdrawn")
	return c.Redirect(http.StatusSeeOther, remedyKind.Path)
}
func (a *App) remedyReject(c echo.Context) error { return a.decide(c, a.remedyDecision(), false) }

// remedyDecision is how the decision list decides a remedy.
func (a *App) remedyDecision() decisionAction {
	return decisionAction{Kind: remedyKind, Ready: a.recordsReady, Page: a.renderRemedies,
		Do: func(actor string, id uint64, approve bool, reason string) error {
			_, err := a.Records.DecideRemedy(actor, id, approve, reason)
			return err
		}}
}
