package ui

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/leave"
	"bianmin/appliance/locale"

	"github.com/labstack/echo/v4"
)

const (
	cookieSession = "bianmin_session"
	cookieCSRF    = "bianmin_csrf" // login form's CSRF token before there is a session
	cookieLang    = "bianmin_lang"
	cookieFlash   = "bianmin_flash"
	csrfField     = "csrf_token"
	csrfHeader    = "X-CSRF-Token"

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
	ctxUser    = "user"
	ctxSession = "session"
	ctxToken   = "token"
	ctxLang    = "lang"
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
// outside the box.
func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
		return next(c)
	}
}

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

func (a *App) loadLocale(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		lang := locale.Default
		if ck, err := c.Cookie(cookieLang); err == nil && a.i18n.Has(ck.Value) {
			lang = ck.Value
		}
		c.Set(ctxLang, lang)
		return next(c)
	}
}

func (a *App) loadSession(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if ck, err := c.Cookie(cookieSession); err == nil && ck.Value != "" {
			if sess, u, err := a.Accounts.Authenticate(ck.Value); err == nil {
				c.Set(ctxUser, &u)
				c.Set(ctxSession, &sess)
				c.Set(ctxToken, ck.Value)
			}
		}
		return next(c)
	}
}

func currentUser(c echo.Context) *account.User {
	u, _ := c.Get(ctxUser).(*account.User)
	return u
}

func currentSession(c echo.Context) *account.Session {
	s, _ := c.Get(ctxSession).(*account.Session)
	return s
}

func langOf(c echo.Context) string {
	if l, ok := c.Get(ctxLang).(string); ok {
		return l
	}
	return locale.Default
}

func roleAllowed(role account.Role, allowed []account.Role) bool {
	for _, r := range allowed {
		if r == role {
			return true
		}
	}
	return false
}

// guard applies the route's rules before its handler: login, forced
// password change, role, then CSRF on every state-changing request.
func (a *App) guard(r Route) echo.HandlerFunc {
	return func(c echo.Context) error {
		safe := c.Request().Method == http.MethodGet || c.Request().Method == http.MethodHead
		if !r.Public {
			u := currentUser(c)
			switch {
			case u == nil && safe:
				return c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(c.Request().URL.RequestURI()))
			case u == nil:
				return echo.NewHTTPError(http.StatusUnauthorized)
			case u.MustChange && !r.DuringPasswordChange && safe:
				return c.Redirect(http.StatusSeeOther, "/account/password")
			case u.MustChange && !r.DuringPasswordChange:
				return echo.NewHTTPError(http.StatusForbidden, "err.must_change_password")
			case !roleAllowed(u.Role, r.Roles):
				return echo.NewHTTPError(http.StatusForbidden)
			}
		}
		if !safe && !a.csrfValid(c) {
			return echo.NewHTTPError(http.StatusForbidden, "err.csrf")
		}
		return r.Handler(c)
	}
}

// csrfToken is the token the page's forms must send back: the session's,
// or for a visitor not yet logged in, a random value kept in a cookie.
func (a *App) csrfToken(c echo.Context) string {
	if s := currentSession(c); s != nil {
		return s.CSRF
	}
	if ck, err := c.Cookie(cookieCSRF); err == nil && len(ck.Value) == 64 {
		return ck.Value
	}
	tok := account.RandomToken()
	a.setCookie(c, cookieCSRF, tok, 0)
	c.Request().AddCookie(&http.Cookie{Name: cookieCSRF, Value: tok})
	return tok
}

func (a *App) csrfValid(c echo.Context) bool {
	sent := c.Request().Header.Get(csrfHeader)
	if sent == "" {
		sent = c.FormValue(csrfField)
	}
	if s := currentSession(c); s != nil {
		return s.CheckCSRF(sent)
	}
	ck, err := c.Cookie(cookieCSRF)
	return err == nil && ck.Value != "" && account.ConstantTimeEqual(ck.Value, sent)
}

// setCookie sets one of the app's cookies: HttpOnly, SameSite=Lax, and
// Secure when the box is set to be reached over HTTPS (--secure-cookies,
// a TLS proxy in front) or when this request itself came over TLS.
func (a *App) setCookie(c echo.Context, name, value string, maxAge int) {
	c.SetCookie(&http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: a.secureCookies(c)})
}

// secureCookies reports whether cookies set on this request are Secure.
func (a *App) secureCookies(c echo.Context) bool { return a.SecureCookies || c.Request().TLS != nil }

// flash stores a one-time message (a locale key) shown on the next page.
func (a *App) flash(c echo.Context, kind, key string) {
	a.setCookie(c, cookieFlash, kind+":"+key, 60)
}

func (a *App) takeFlash(c echo.Context) (kind, key string) {
	ck, err := c.Cookie(cookieFlash)
	if err != nil || ck.Value == "" {
		return "", ""
	}
	a.setCookie(c, cookieFlash, "", -1)
	kind, key, _ = strings.Cut(ck.Value, ":")
	if !a.i18n.HasKey(key) {
		return "", ""
	}
	return kind, key
}
