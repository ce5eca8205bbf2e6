package ui

import (
	"fmt"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/leave"
	"bianmin/ui/internal/web"

	"github.com/labstack/echo/v4"
)

const (
	cookieSession = "bianmin_session"
	cookieCSRF    = "bianmin_csrf" // login form's CSRF token before there is a session
	cookieLang    = "bianmin_lang"
	cookieFlash   = "bianmin_flash"
	csrfField     = web.CSRFField
	csrfHeader    = web.CSRFHeader

	maxBodyBytes   = 1 << 20 // 1 MiB for ordinary forms
	maxUploadBytes = 4 << 20 // 4 MiB for CSV imports
	// maxLeaveBodyBytes bounds a leave form: up to maxLeaveFormFiles
	// photos or scans of leave.MaxFileBytes each.
	maxLeaveBodyBytes = maxLeaveFormFiles*leave.MaxFileBytes + 1<<20
	maxLeaveFormFiles = 3
)

// MaxUploadBytes bounds an imported file, on a page (a CSV upload) and on
// the command line (the files a command sends to the running service).
const MaxUploadBytes = maxUploadBytes

// Context keys.
const (
	ctxUser    = web.CtxUser
	ctxSession = web.CtxSession
	ctxToken   = web.CtxToken
	ctxLang    = web.CtxLang
)

func listen(addr string) (net.Listener, error) { return net.Listen("tcp", addr) }

func (a *App) recoverPanics(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				a.Logger.Error("panic in handler", "path", c.Request().URL.Path, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
				err = echo.NewHTTPError(http.StatusInternalServerError)
			}
		}()
		return next(c)
	}
}

func (a *App) logRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		path := c.Request().URL.Path
		if path == "/healthz" || path == "/readyz" || strings.HasPrefix(path, "/static/") {
			return nil
		}
		a.Logger.Debug("request", "method", c.Request().Method, "path", path,
			"status", c.Response().Status, "ms", time.Since(start).Milliseconds(), "ip", c.RealIP())
		return nil
	}
}

// securityHeaders forbids framing, sniffing and loading anything from
// outside the box (ui/internal/web).
var securityHeaders = web.SecurityHeaders

// limitBody caps request bodies; the CSV import route raises its own cap.
func limitBody(limit int64) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			r := c.Request()
			max := limit
			switch {
			case strings.HasSuffix(r.URL.Path, "/import"):
				max = maxUploadBytes
			case r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/leave"):
				max = maxLeaveBodyBytes
			}
			if r.ContentLength > max {
				return echo.NewHTTPError(http.StatusRequestEntityTooLarge)
			}
			r.Body = http.MaxBytesReader(c.Response(), r.Body, max)
			return next(c)
		}
	}
}

// Sessions, CSRF, cookies and the guard are ui/internal/web's (shared with
// countyd's pages), under this app's cookie names.

func (a *App) loadLocale(next echo.HandlerFunc) echo.HandlerFunc { return a.kit.LoadLocale(next) }

func (a *App) loadSession(next echo.HandlerFunc) echo.HandlerFunc { return a.kit.LoadSession(next) }

func currentUser(c echo.Context) *account.User { return web.CurrentUser(c) }

func currentSession(c echo.Context) *account.Session { return web.CurrentSession(c) }

func langOf(c echo.Context) string { return web.Lang(c) }

func roleAllowed(role account.Role, allowed []account.Role) bool { return web.RoleIn(role, allowed) }

// guard applies the route's rules before its handler: login, forced
// password change, role, then CSRF on every state-changing request.
func (a *App) guard(r Route) echo.HandlerFunc {
	return a.kit.Guard(web.Rule{Public: r.Public, Roles: r.Roles, DuringPasswordChange: r.DuringPasswordChange}, r.Handler)
}

// csrfToken is the token the page's forms must send back.
func (a *App) csrfToken(c echo.Context) string { return a.kit.CSRFToken(c) }

func (a *App) csrfValid(c echo.Context) bool { return a.kit.CSRFValid(c) }

// setCookie sets one of the app's cookies (HttpOnly, SameSite=Lax, Secure
// over HTTPS).
func (a *App) setCookie(c echo.Context, name, value string, maxAge int) {
	a.kit.SetCookie(c, name, value, maxAge)
}

// flash stores a one-time message (a locale key) shown on the next page.
func (a *App) flash(c echo.Context, kind, key string) { a.kit.Flash(c, kind, key) }

// secureCookies reports whether cookies set on this request are Secure.
func (a *App) secureCookies(c echo.Context) bool { return a.SecureCookies || c.Request().TLS != nil }

func (a *App) takeFlash(c echo.Context) (kind, key string) { return a.kit.TakeFlash(c) }

func (a *App) newKit() *web.Kit {
	return &web.Kit{Cookies: web.Cookies{Session: cookieSession, CSRF: cookieCSRF, Lang: cookieLang, Flash: cookieFlash},
		Accounts: a.Accounts, I18n: a.i18n, Secure: func() bool { return a.SecureCookies }}
}
