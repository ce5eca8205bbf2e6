package ui

// The records pages (补签, 异议, 外出备案, 脱岗, 考勤月历): when they cannot
// work, and the refusals that are answers rather than messages.

import (
	"net/http"

	"bianmin/appliance/problem"

	"github.com/labstack/echo/v4"
)

// errNoRecords answers the records pages when cmd wired no records
// service or calendar (never in serve or demo).
var errNoRecords = echo.NewHTTPError(http.StatusServiceUnavailable)

// recordsReady reports whether the records pages can work.
func (a *App) recordsReady() error {
	if a.Records == nil || a.Calendar == nil {
		return errNoRecords
	}
	return nil
}

// notFoundRecord answers 404 for an id the records service does not know.
func notFoundRecord(err error) error {
	if problem.Is(err, "records.err.not_found") {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	return err
}

// isHTTPError reports whether err is already an answer (404 and the like).
func isHTTPError(err error) bool {
	_, ok := err.(*echo.HTTPError)
	return ok
}
