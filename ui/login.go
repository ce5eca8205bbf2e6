package ui

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"bianmin/appliance/account"
	"bianmin/appliance/problem"
	"bianmin/ui/internal/web"

	"github.com/labstack/echo/v4"
)

// safeNext keeps only local paths as the post-login destination
// (ui/internal/web).
func safeNext(next string) string { return web.SafeNext(next) }

func (a *App) loginForm(c echo.Context) error {
	if currentUser(c) != nil {
		return c.Redirect(http.StatusSeeOther, "/")
	}
	v := a.newView(c, "login.title", "login.lead", "")
	v.Form["next"] = safeNext(c.QueryParam("next"))
	return a.render(c, http.StatusOK, "login", v)
}

func (a *App) loginSubmit(c echo.Context) error {
	username, password := strings.TrimSpace(c.FormValue("username")), c.FormValue("password")
	next := safeNext(c.FormValue("next"))
	v := a.newView(c, "login.title", "login.lead", "")
	// The form shows back what was typed, bounded: a 900 kB "username"
	// comes back as 64 characters.
	v.Form["username"], v.Form["next"] = problem.BoundTo(username, maxUsernameEcho), next
	if username == "" {
		v.fieldError("username", "login.err.username_required")
	}
	if password == "" {
		v.fieldError("password", "login.err.password_required")
	}
	if len(v.Errors) > 0 {
		return a.render(c, http.StatusBadRequest, "login", v)
	}
	token, u, err := a.Accounts.LoginContext(c.Request().Context(), c.RealIP(), c.Request().UserAgent(), username, password)
	if status, key, ok := storeRefusal(err); ok { // a damaged store: say so, with its status
		v.fieldError("password", key)
		return a.render(c, status, "login", v)
	}
	switch {
	case errors.Is(err, account.ErrRateLimited):
		retryAfter(c, err)
		showProblem(v, err, nil, "password")
		return a.render(c, http.StatusTooManyRequests, "login", v)
	case showProblem(v, err, nil, "password"):
		return a.render(c, http.StatusUnauthorized, "login", v)
	case err != nil:
		return err
	}
	a.setCookie(c, cookieSession, token, int(account.SessionMaxAge.Seconds()))
	a.setCookie(c, cookieCSRF, "", -1)
	if u.MustChange {
		return c.Redirect(http.StatusSeeOther, "/account/password")
	}
	return c.Redirect(http.StatusSeeOther, next)
}

// maxUsernameEcho bounds the username the login form shows back.
const maxUsernameEcho = 64

// retryAfter tells the client when a throttled request may be tried again.
func retryAfter(c echo.Context, err error) {
	var rl *account.RateLimited
	if errors.As(err, &rl) {
		c.Response().Header().Set("Retry-After", strconv.Itoa(int(rl.RetryIn.Seconds()+0.999)))
	}
}

func (a *App) logout(c echo.Context) error {
	if tok, ok := c.Get(ctxToken).(string); ok {
		err := a.Accounts.Logout(tok)
		if _, _, refused := storeRefusal(err); refused {
			// A damaged store keeps the session; the browser forgets it.
			a.Logger.Warn("logout: the session stays in the store", "err", err)
		} else if err != nil {
			return err
		}
	}
	a.setCookie(c, cookieSession, "", -1)
	a.flash(c, "ok", "login.logged_out")
	return c.Redirect(http.StatusSeeOther, "/login")
}

func (a *App) switchLanguage(c echo.Context) error {
	lang := c.Param("lang")
	if !a.i18n.Has(lang) {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	a.setCookie(c, cookieLang, lang, 365*24*3600)
	return c.Redirect(http.StatusSeeOther, safeNext(c.QueryParam("next")))
}
