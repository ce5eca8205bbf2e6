package ui

// 考勤 › 补签: the office approves a remedy — it then counts like a punch,
// marked 补 — or rejects it with a reason. A decision is never changed.

import "github.com/labstack/echo/v4"

func (a *App) remedyApprove(c echo.Context) error { return a.remedyDecide(c, true) }
func (a *App) remedyReject(c echo.Context) error  { return a.remedyDecide(c, false) }

func (a *App) remedyDecide(c echo.Context, approve bool) error {
	flash := "attui.remedy.rejected"
	if approve {
		flash = "attui.remedy.approved"
	}
	return a.decide(c, decisionAction{Kind: remedyKind, Ready: a.recordsReady, Flash: flash, Page: a.renderRemedies,
		Do: func(actor string, id uint64, reason string) error {
			_, err := a.Records.DecideRemedy(actor, id, approve, reason)
			return err
		}})
}
