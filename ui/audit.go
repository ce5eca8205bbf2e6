package ui

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// auditLog shows the newest audit entries and whether the chain is intact.
func (a *App) auditLog(c echo.Context) error {
	v := a.newView(c, "audit.title", "audit.lead", "audit")
	prefix := c.QueryParam("object")
	entries, err := a.DB.AuditEntries(prefix, 200)
	if err != nil {
		return err
	}
	res, err := a.DB.VerifyAudit()
	if err != nil {
		return err
	}
	v.Form["object"] = prefix
	v.Data = map[string]any{"Entries": entries, "Verify": res}
	return a.render(c, http.StatusOK, "audit", v)
}
