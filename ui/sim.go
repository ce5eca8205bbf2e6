package ui

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// simPanel is the demo mode's 设备模拟 page: unplug and replug simulated
// devices (later: place a finger, press a rating button, read the printer).
func (a *App) simPanel(c echo.Context) error {
	if a.Sim == nil {
		return echo.NewHTTPError(http.StatusNotFound, "err.sim_demo_only")
	}
	v := a.newView(c, "sim.title", "sim.lead", "sim")
	v.Data = map[string]any{"Devices": a.Sim.SimDevices(), "Status": a.Devices.List()}
	return a.render(c, http.StatusOK, "sim", v)
}

func (a *App) simAction(c echo.Context) error {
	if a.Sim == nil {
		return echo.NewHTTPError(http.StatusNotFound, "err.sim_demo_only")
	}
	var plugged bool
	var done string
	switch c.Param("action") {
	case "unplug":
		done = "sim.done_unplug"
	case "replug":
		plugged, done = true, "sim.done_replug"
	default:
		return echo.NewHTTPError(http.StatusNotFound)
	}
	if err := a.Sim.SetPlugged(c.Param("name"), plugged); err != nil {
		a.Logger.Warn("sim action failed", "device", c.Param("name"), "err", err)
		a.flash(c, "err", "sim.action_failed")
	} else {
		a.flash(c, "ok", done)
	}
	return c.Redirect(http.StatusSeeOther, "/sim")
}
