package ui

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// healthz answers while the process is alive.
func (a *App) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

// readyz answers 200 when the store is open and usable, with every
// device's state; 503 when the store cannot be read.
func (a *App) readyz(c echo.Context) error {
	devices := map[string]string{}
	for _, d := range a.Devices.List() {
		devices[d.Name] = string(d.State)
	}
	if _, err := a.DB.SchemaVersion(); err != nil {
		return c.JSON(http.StatusServiceUnavailable, map[string]any{"status": "store unavailable", "error": err.Error(), "devices": devices})
	}
	return c.JSON(http.StatusOK, map[string]any{"status": "ok", "store": "open", "devices": devices})
}
