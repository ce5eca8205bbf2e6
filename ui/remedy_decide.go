package ui

// 考勤 › 补签: the office approves a remedy — it then counts like a punch,
// marked 补 — or rejects it with a reason. A decision is never changed.

import "github.com/labstack/echo/v4"

func (a *App) remedyApprove(c echo.Context) error { return a.decide(c, a.remedyDecision(), true) }
func (a *App) remedyReject(c echo.Context) error  { return a.decide(c, a.remedyDecision(), false) }

// remedyDecision is how the decision list decides a remedy.
func (a *App) remedyDecision() decisionAction {
	return decisionAction{Kind: remedyKind, Ready: a.recordsReady, Page: a.renderRemedies,
		Do: func(actor string, id uint64, approve bool, reason string) error {
			_, err := a.Records.DecideRemedy(actor, id, approve, reason)
			return err
		}}
}
