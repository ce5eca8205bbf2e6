package web

// Sessions, CSRF, cookies and the page guard, shared by the appliance's
// pages (ui) and countyd's (ui/countyui): the same rules under each app's
// own cookie names. A login session is a cookie whose token
// appliance/account turns into the user; every state-changing request
// carries the session's CSRF token (or, before login, a random one kept
// in a cookie); a route is public, or needs a login, a changed one-time
// password and one of its roles.

import (
	"net/http"
	"net/url"
	"strings"

	"bianmin/appliance/account"
	"bianmin/appliance/locale"

	"github.com/labstack/echo/v4"
)

// Context keys the middleware sets.
const (
	CtxUser    = "user"
	CtxSession = "session"
	CtxToken   = "token"
	CtxLang    = "lang"
)

// CSRF token's form field and header.
const (
	CSRFField  = "csrf_token"
	CSRFHeader = "X-CSRF-Token"
)

// Cookies names an app's cookies.
type Cookies struct {
	Session string // the login session's token
	CSRF    string // the login form's CSRF token before there is a session
	Lang    string
	Flash   string // a one-time message for the next page
}

// Kit is one app's session, CSRF, cookie and language handling.
type Kit struct {
	Cookies  Cookies
	Accounts *account.Service
	I18n     *locale.Catalog
	// Secure says whether every cookie gets the Secure flag (served over
	// HTTPS, or behind a TLS proxy); a request that came over TLS gets it
	// anyway. Nil: only then.
	Secure func() bool
}

// LoadLocale puts the page language (the language cookie's, else the
// default) in the context.
func (k *Kit) LoadLocale(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		lang := locale.Default
		if ck, err := c.Cookie(k.Cookies.Lang); err == nil && k.I18n.Has(ck.Value) {
			lang = ck.Value
		}
		c.Set(CtxLang, lang)
		return next(c)
	}
}

// LoadSession puts the logged-in user, session and token in the context.
func (k *Kit) LoadSession(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if ck, err := c.Cookie(k.Cookies.Session); err == nil && ck.Value != "" {
			if sess, u, err := k.Accounts.Authenticate(ck.Value); err == nil {
				c.Set(CtxUser, &u)
				c.Set(CtxSession, &sess)
				c.Set(CtxToken, ck.Value)
			}
		}
		return next(c)
	}
}

// CurrentUser is the logged-in user (nil for a visitor).
func CurrentUser(c echo.Context) *account.User {
	u, _ := c.Get(CtxUser).(*account.User)
	return u
}

// CurrentSession is the login session (nil for a visitor).
func CurrentSession(c echo.Context) *account.Session {
	s, _ := c.Get(CtxSession).(*account.Session)
	return s
}

// Lang is the page language LoadLocale chose.
func Lang(c echo.Context) string {
	if l, ok := c.Get(CtxLang).(string); ok {
		return l
	}
	return locale.Default
}

// RoleIn says whether role is one of roles.
func RoleIn(role account.Role, roles []account.Role) bool {
	for _, r := range roles {
		if r == role {
			return true
		}
	}
	return false
}

// Rule is what a route asks of the request before its handler runs.
type Rule struct {
	Public bool
	Roles  []account.Role
	// DuringPasswordChange: reachable before the one-time password is
	// changed.
	DuringPasswordChange bool
}

// Guard applies the rule before h: login, forced password change, role,
// then CSRF on every state-changing request.
func (k *Kit) Guard(r Rule, h echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		safe := c.Request().Method == http.MethodGet || c.Request().Method == http.MethodHead
		if !r.Public {
			u := CurrentUser(c)
			switch {
			case u == nil && safe:
				return c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(c.Request().URL.RequestURI()))
			case u == nil:
				return echo.NewHTTPError(http.StatusUnauthorized)
			case u.MustChange && !r.DuringPasswordChange && safe:
				return c.Redirect(http.StatusSeeOther, "/account/password")
			case u.MustChange && !r.DuringPasswordChange:
				return echo.NewHTTPError(http.StatusForbidden, "err.must_change_password")
			case !RoleIn(u.Role, r.Roles):
				return echo.NewHTTPError(http.StatusForbidden)
			}
		}
		if !safe && !k.CSRFValid(c) {
			return echo.NewHTTPError(http.StatusForbidden, "err.csrf")
		}
		return h(c)
	}
}

// CSRFToken is the token the page's forms must send back: the session's,
// or for a visitor not yet logged in, a random value kept in a cookie.
func (k *Kit) CSRFToken(c echo.Context) string {
	if s := CurrentSession(c); s != nil {
		return s.CSRF
	}
	if ck, err := c.Cookie(k.Cookies.CSRF); err == nil && len(ck.Value) == 64 {
		return ck.Value
	}
	tok := account.RandomToken()
	k.SetCookie(c, k.Cookies.CSRF, tok, 0)
	c.Request().AddCookie(&http.Cookie{Name: k.Cookies.CSRF, Value: tok})
	return tok
}

// CSRFValid says whether the request carries the right CSRF token (form
// field or header).
func (k *Kit) CSRFValid(c echo.Context) bool {
	sent := c.Request().Header.Get(CSRFHeader)
	if sent == "" {
		sent = c.FormValue(CSRFField)
	}
	if s := CurrentSession(c); s != nil {
		return s.CheckCSRF(sent)
	}
	ck, err := c.Cookie(k.Cookies.CSRF)
	return err == nil && ck.Value != "" && account.ConstantTimeEqual(ck.Value, sent)
}

// SetCookie sets one of the app's cookies: HttpOnly, SameSite=Lax, and
// Secure when the app is reached over HTTPS or this request came over
// TLS.
func (k *Kit) SetCookie(c echo.Context, name, value string, maxAge int) {
	c.SetCookie(&http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: (k.Secure != nil && k.Secure()) || c.Request().TLS != nil})
}

// Flash keeps a one-time message (kind "ok" or "err", a locale key) for
// the next page.
func (k *Kit) Flash(c echo.Context, kind, key string) {
	k.SetCookie(c, k.Cookies.Flash, kind+":"+key, 60)
}

// TakeFlash reads and clears the one-time message ("" when none, or when
// its key is not a locale key).
func (k *Kit) TakeFlash(c echo.Context) (kind, key string) {
	ck, err := c.Cookie(k.Cookies.Flash)
	if err != nil || ck.Value == "" {
		return "", ""
	}
	k.SetCookie(c, k.Cookies.Flash, "", -1)
	kind, key, _ = strings.Cut(ck.Value, ":")
	if !k.I18n.HasKey(key) {
		return "", ""
	}
	return kind, key
}

// SafeNext keeps only local paths as the post-login destination.
// Browsers drop tabs and newlines from a URL and read a backslash as a
// slash, so "/\t/evil.example" or "/\\evil.example" would become
// "//evil.example", another host: any control character or backslash is
// refused, and what is left must parse as a path with no host.
func SafeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") ||
		strings.ContainsFunc(next, func(r rune) bool { return r < 0x20 || r == 0x7f || r == '\\' }) {
		return "/"
	}
	if u, err := url.Parse(next); err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/"
	}
	return next
}

// SecurityHeaders forbids framing, sniffing and loading anything from
// elsewhere.
func SecurityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
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
