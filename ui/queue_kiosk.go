package ui

// 取号机: the touch kiosk where citizens take a number (no login). A
// browser the office registered as a 取号机 (appliance/screen) shows one
// big button per service; a touch takes a ticket, which the ticket
// printer prints, and the screen shows the number, how many wait before
// it and a QR code of its live status page, then goes back to the
// buttons after kioskIdle. A browser that is not registered shows the
// buttons greyed out and says how to register it: tickets are taken only
// at the hall's own kiosks.
//
// /q/:token is the ticket's public status page (the printed QR code):
// the number, how many wait before it, the numbers being served.

import (
	"encoding/base64"
	"html/template"
	"net/http"
	"net/url"
	"time"

	"bianmin/appliance/problem"
	"bianmin/appliance/queue"
	"bianmin/appliance/screen"

	"rsc.io/qr"

	"github.com/labstack/echo/v4"
)

// kioskIdle: the kiosk goes back to its buttons after this long untouched.
const kioskIdle = 30 * time.Second

// queueKioskData is what queue_kiosk.html shows.
type queueKioskData struct {
	Registered bool
	Services   []queue.ServiceWaiting
	Taken      *queue.Taken
	Link       string
	QR         template.URL
	IdleSec    int
	Error      string
}

// qrDataURL is a QR code of link as a PNG data URL (nil on failure).
func qrDataURL(link string, scale int) template.URL {
	q, err := qr.Encode(link, qr.M)
	if err != nil {
		return ""
	}
	q.Scale = scale
	return template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(q.PNG()))
}

// ticketLink is the absolute address of a ticket's status page as this
// request reached the box (the LAN address the kiosk uses).
func (a *App) ticketLink(c echo.Context, token string) string {
	scheme := "http"
	if a.secureCookies(c) {
		scheme = "https"
	}
	return (&url.URL{Scheme: scheme, Host: c.Request().Host, Path: "/q/" + token}).String()
}

// queueKioskScreen reports whether this browser is a registered 取号机.
func (a *App) queueKioskScreen(c echo.Context) *screen.Screen {
	sc := a.screenFor(c)
	if sc == nil || sc.Kind != screen.QueueKiosk {
		return nil
	}
	return sc
}

func (a *App) queueKiosk(c echo.Context) error {
	if err := a.queueReady(); err != nil {
		return err
	}
	a.keepScreenCookie(c)
	return a.renderQueueKiosk(c, http.StatusOK, nil, nil)
}

func (a *App) renderQueueKiosk(c echo.Context, status int, taken *queue.Taken, fail error) error {
	v := a.newView(c, "queue.kiosk.title", "", "")
	h, err := a.Queue.Hall()
	if err != nil {
		return err
	}
	d := queueKioskData{Registered: a.queueKioskScreen(c) != nil, Services: h.Services, Taken: taken, IdleSec: int(kioskIdle / time.Second)}
	if taken != nil {
		d.Link = a.ticketLink(c, taken.Ticket.Token)
		d.QR = qrDataURL(d.Link, 5)
	}
	if p, ok := problem.As(fail); ok {
		d.Error = v.problemText(p)
	} else if fail != nil {
		return fail
	}
	v.Data = d
	return a.render(c, status, "queue_kiosk", v)
}

func (a *App) queueKioskTake(c echo.Context) error {
	if err := a.queueReady(); err != nil {
		return err
	}
	sc := a.queueKioskScreen(c)
	if sc == nil {
		return a.renderQueueKiosk(c, http.StatusBadRequest, nil, problem.New("", "queue.kiosk.not_registered"))
	}
	t, err := a.Queue.Take(queue.TakeRequest{Service: c.FormValue("service"), Source: queue.SourceKiosk, Actor: "screen:" + sc.Name})
	if err != nil {
		return a.renderQueueKiosk(c, http.StatusBadRequest, nil, err)
	}
	return a.renderQueueKiosk(c, http.StatusOK, &t, nil)
}

// queueStatusData is what queue_status.html shows.
type queueStatusData struct {
	Status queue.TicketStatus
	Found  bool
}

// queueStatus is a ticket's public live status (the printed QR code).
func (a *App) queueStatus(c echo.Context) error {
	if err := a.queueReady(); err != nil {
		return err
	}
	v := a.newView(c, "queue.status.title", "", "")
	st, err := a.Queue.StatusByToken(c.Param("token"))
	if _, ok := problem.As(err); ok {
		v.Data = queueStatusData{}
		return a.render(c, http.StatusNotFound, "queue_status", v)
	} else if err != nil {
		return err
	}
	v.Data = queueStatusData{Status: st, Found: true}
	return a.render(c, http.StatusOK, "queue_status", v)
}
