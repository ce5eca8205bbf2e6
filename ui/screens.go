package ui

// 设置 › 屏幕: the office registers the hall's screens (the attendance
// kiosk, the hall display, window displays) and pairs each browser with a
// one-time code or link; a paired screen has event-stream places of its
// own (streams.go). The pairing pages are public: the screen's browser has
// no account.

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"bianmin/appliance/account"
	"bianmin/appliance/problem"
	"bianmin/appliance/screen"

	"github.com/labstack/echo/v4"
)

// screenStartURL is where a screen of each kind goes once paired (a
// window display picks its window there).
var screenStartURL = map[screen.Kind]string{
	screen.AttendanceKiosk: "/kiosk/attendance",
	screen.HallDisplay:     "/hall",
	screen.WindowDisplay:   "/hall/window",
	screen.QueueKiosk:      "/kiosk/queue",
}

// screenRow is one registered screen on the office's list.
type screenRow struct {
	screen.Screen
	Online      int    // streams it holds now
	CodeExpires string // when its pairing code stops working ("" for none)
}

// screenPairing is a code just made, shown once.
type screenPairing struct {
	Screen screen.Screen
	Code   string       // ABCDE-FGHJK
	Link   string       // http://box/screen/pair?code=…
	QR     template.URL // the link as a QR code (PNG data URL)
}

// screensPageData is what screens.html shows.
type screensPageData struct {
	Rows      []screenRow
	Retired   []screen.Screen
	Kinds     []screen.Kind
	New       *screenPairing
	AnonOpen  int
	Limits    map[string]int
	CanChange bool
}

func (a *App) screenList(c echo.Context) error {
	return a.renderScreens(c, a.newView(c, "screen.settings.title", "screen.settings.lead", "settings"), http.StatusOK, nil)
}

func (a *App) renderScreens(c echo.Context, v *view, status int, fresh *screenPairing) error {
	all, err := a.Screens.List()
	if err != nil {
		return err
	}
	now := a.DB.Now()
	d := screensPageData{Kinds: screen.Kinds(), New: fresh, AnonOpen: a.streams.anonOpen(),
		Limits:    map[string]int{"PerScreen": streamsPerScreen, "PerAddr": anonStreamsPerAddr, "Total": anonStreamsTotal},
		CanChange: currentUser(c).Role == account.RoleOffice}
	for _, s := range all {
		if s.Revoked {
			d.Retired = append(d.Retired, s)
			continue
		}
		row := screenRow{Screen: s, Online: a.streams.open(s.ID)}
		if s.CodePending(now) {
			row.CodeExpires = a.clockText(s.CodeExpires)
		}
		d.Rows = append(d.Rows, row)
	}
	v.Data = d
	return a.render(c, status, "screens", v)
}

func (a *App) screenRegister(c echo.Context) error {
	v := a.newView(c, "screen.settings.title", "screen.settings.lead", "settings")
	name, kind := c.FormValue("name"), screen.Kind(c.FormValue("kind"))
	v.Form["name"], v.Form["kind"] = problem.BoundTo(name, 40), string(kind)
	sc, code, err := a.Screens.Register(currentUser(c).Username, name, kind)
	if showProblem(v, err, nil, "name") {
		return a.renderScreens(c, v, http.StatusBadRequest, nil)
	}
	if err != nil {
		return err
	}
	v.Form = map[string]string{}
	return a.renderScreens(c, v, http.StatusOK, a.pairing(c, sc, code))
}

func (a *App) screenNewCode(c echo.Context) error {
	id, err := strconv.ParseUint(c.Param("id"), 10, 64)
	if err != nil {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	sc, code, err := a.Screens.NewCode(currentUser(c).Username, id)
	if errors.Is(err, screen.ErrNotFound) {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	if err != nil {
		return err
	}
	v := a.newView(c, "screen.settings.title", "screen.settings.lead", "settings")
	return a.renderScreens(c, v, http.StatusOK, a.pairing(c, sc, code))
}

func (a *App) screenRevoke(c echo.Context) error {
	id, err := strconv.ParseUint(c.Param("id"), 10, 64)
	if err != nil {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	if _, err := a.Screens.Revoke(currentUser(c).Username, id); errors.Is(err, screen.ErrNotFound) {
		return echo.NewHTTPError(http.StatusNotFound)
	} else if err != nil {
		return err
	}
	a.flash(c, "ok", "screen.settings.revoked")
	return c.Redirect(http.StatusSeeOther, "/settings/screens")
}

// pairing is the code, the link and its QR code, as the office sees them
// once after registering a screen or asking for a new code.
func (a *App) pairing(c echo.Context, sc screen.Screen, code string) *screenPairing {
	scheme := "http"
	if a.secureCookies(c) {
		scheme = "https"
	}
	link := (&url.URL{Scheme: scheme, Host: c.Request().Host, Path: "/screen/pair", RawQuery: url.Values{"code": {code}}.Encode()}).String()
	p := &screenPairing{Screen: sc, Code: screen.FormatCode(code), Link: link}
	p.QR = qrDataURL(link, 6)
	return p
}

// screenStatus says what this browser is registered as (public): the page
// a hall or window display shows until the queue's own pages exist, and
// where a technician checks a screen.
func (a *App) screenStatus(c echo.Context) error {
	a.keepScreenCookie(c)
	v := a.newView(c, "screen.status.title", "", "")
	v.Data = a.screenFor(c)
	return a.render(c, http.StatusOK, "screen_status", v)
}

func (a *App) screenPairForm(c echo.Context) error {
	v := a.newView(c, "screen.pair.title", "screen.pair.lead", "")
	v.Form["code"] = problem.BoundTo(c.QueryParam("code"), 20)
	return a.render(c, http.StatusOK, "screen_pair", v)
}

func (a *App) screenPairSubmit(c echo.Context) error {
	v := a.newView(c, "screen.pair.title", "screen.pair.lead", "")
	code := c.FormValue("code")
	v.Form["code"] = problem.BoundTo(code, 20)
	sc, token, err := a.Screens.Pair(c.RealIP(), code)
	if p, ok := problem.As(err); ok {
		status := http.StatusBadRequest
		if p.Key == "screen.err.too_many_tries" {
			status = http.StatusTooManyRequests
		}
		showProblem(v, err, nil, "code")
		return a.render(c, status, "screen_pair", v)
	}
	if err != nil {
		return err
	}
	a.setCookie(c, cookieScreen, token, screenCookieAge)
	a.Logger.Info("screen paired", "screen", sc.ID, "name", sc.Name, "ip", c.RealIP())
	return c.Redirect(http.StatusSeeOther, screenStartURL[sc.Kind])
}
