package ui

import (
	"net/http"

	"bianmin/appliance/store"

	"github.com/labstack/echo/v4"
)

// healthz answers while the process is alive.
func (a *App) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

// readyz answers 200 when the store is open and usable, with every
// device's state, the store's (unchecked, ok) and the disk's (ok, low:
// ordinary writes refused, punches go on); 503 when the store cannot be
// read or was found damaged.
func (a *App) readyz(c echo.Context) error {
	devices := map[string]string{}
	for _, d := range a.Devices.List() {
		devices[d.Name] = string(d.State)
	}
	h, disk := a.DB.Health(), "ok"
	if a.DB.Space().Low {
		disk = "low"
	}
	if h.State == store.StateDamaged {
		return c.JSON(http.StatusServiceUnavailable, map[string]any{"status": "store damaged", "error": h.Reason, "store": h.State, "disk": disk, "devices": devices})
	}
	if _, err := a.DB.SchemaVersion(); err != nil {
		return c.JSON(http.StatusServiceUnavailable, map[string]any{"status": "store unavailable", "error": err.Error(), "devices": devices})
	}
	return c.JSON(http.StatusOK, map[string]any{"status": "ok", "store": h.State, "disk": disk, "devices": devices})
}
