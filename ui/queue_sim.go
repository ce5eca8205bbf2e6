package ui

// The 取号 buttons on the demo's 设备模拟 panel: a press goes to the
// queue exactly as a GPIO button's does (queue.Press: one ticket per
// button per gap), and its ticket is printed like any other.

import (
	"net/http"

	"bianmin/appliance/queue"

	"github.com/labstack/echo/v4"
)

// simQueueData is the panel's 取号按钮 section.
type simQueueData struct {
	Services []queue.ServiceWaiting
	Last     string // the number the last press gave, from the flash
}

func (a *App) simQueue(c echo.Context) *simQueueData {
	if a.Queue == nil {
		return nil
	}
	h, err := a.Queue.Hall()
	if err != nil {
		return nil
	}
	d := &simQueueData{Services: h.Services}
	if ck, err := c.Cookie(cookieSimTicket); err == nil {
		d.Last = ck.Value
		a.setCookie(c, cookieSimTicket, "", -1)
	}
	return d
}

const cookieSimTicket = "bianmin_sim_ticket"

func (a *App) simQueuePress(c echo.Context) error {
	if a.Sim == nil || a.Queue == nil {
		return echo.NewHTTPError(http.StatusNotFound, "err.sim_demo_only")
	}
	t, ok, err := a.Queue.Press(c.FormValue("service"), a.now())
	switch {
	case err != nil:
		a.Logger.Warn("sim: take-a-number button", "service", c.FormValue("service"), "err", err)
		a.flash(c, "err", "sim.action_failed")
	case !ok:
		a.flash(c, "err", "queue.sim.too_soon")
	default:
		a.setCookie(c, cookieSimTicket, t.Ticket.Number, 60)
		a.flash(c, "ok", "queue.sim.pressed")
	}
	return c.Redirect(http.StatusSeeOther, "/sim#queue-buttons")
}
