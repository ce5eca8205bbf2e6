package countyui

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/county"
	"bianmin/ui/internal/web"

	"github.com/labstack/echo/v4"
)

func safeNext(next string) string { return web.SafeNext(next) }

func (a *App) loginForm(c echo.Context) error {
	if currentUser(c) != nil {
		return c.Redirect(http.StatusSeeOther, "/")
	}
	v := a.newView(c, "county.login.title", "county.login.lead")
	v.Form["next"] = safeNext(c.QueryParam("next"))
	return a.render(c, http.StatusOK, "login", v)
}

func (a *App) loginSubmit(c echo.Context) error {
	username, password := trimForm(c, "username"), c.FormValue("password")
	v := a.newView(c, "county.login.title", "county.login.lead")
	v.Form["username"], v.Form["next"] = username, safeNext(c.FormValue("next"))
	if len(v.Form["username"]) > 64 {
		v.Form["username"] = v.Form["username"][:64]
	}
	token, u, err := a.Accounts.LoginContext(c.Request().Context(), c.RealIP(), c.Request().UserAgent(), username, password)
	if err != nil {
		var rl *account.RateLimited
		status := http.StatusUnauthorized
		if errors.As(err, &rl) {
			status = http.StatusTooManyRequests
			c.Response().Header().Set("Retry-After", strconv.Itoa(int(rl.RetryIn.Seconds()+0.999)))
		}
		text, ok := v.problemText(err)
		if !ok {
			return err
		}
		v.Errors["password"] = text
		return a.render(c, status, "login", v)
	}
	a.setCookie(c, cookieSession, token, int(account.SessionMaxAge.Seconds()))
	a.setCookie(c, cookieCSRF, "", -1)
	if u.MustChange {
		return c.Redirect(http.StatusSeeOther, "/account/password")
	}
	return c.Redirect(http.StatusSeeOther, v.Form["next"])
}

func (a *App) logout(c echo.Context) error {
	if tok, ok := c.Get(ctxToken).(string); ok {
		if err := a.Accounts.Logout(tok); err != nil {
			return err
		}
	}
	a.setCookie(c, cookieSession, "", -1)
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

func (a *App) passwordForm(c echo.Context) error {
	return a.render(c, http.StatusOK, "password", a.newView(c, "password.title", "password.lead"))
}

func (a *App) passwordSubmit(c echo.Context) error {
	u, sess := currentUser(c), currentSession(c)
	oldPW, newPW, confirm := c.FormValue("old_password"), c.FormValue("new_password"), c.FormValue("confirm_password")
	v := a.newView(c, "password.title", "password.lead")
	if oldPW == "" {
		v.fieldError("old_password", "password.err.old_required")
	}
	if newPW != confirm {
		v.fieldError("confirm_password", "password.err.mismatch")
	}
	if len(v.Errors) == 0 {
		err := a.Accounts.ChangePasswordFrom(c.Request().Context(), c.RealIP(), u.Username, u.ID, oldPW, newPW, sess.Key)
		if err == nil {
			a.flash(c, "ok", "password.changed")
			return c.Redirect(http.StatusSeeOther, "/")
		}
		text, ok := v.problemText(err)
		if !ok {
			return err
		}
		field := "old_password"
		if p, ok := problemOf(err); ok && p.Field == "new_password" {
			field = "new_password"
		}
		v.Errors[field] = text
	}
	return a.render(c, http.StatusBadRequest, "password", v)
}

// boxRow is one township on the list.
type boxRow struct {
	county.Box
	Silent    bool   // no contact for longer than silentAfter
	Since     string // how long since the last contact, in words
	EpochNote string
}

// silentAfter is when a township's row is marked: no contact for longer.
const silentAfter = 3 * 24 * time.Hour

type boxesPage struct {
	Rows  []boxRow
	Flags []flagRow
	Kinds []string
}

type flagRow struct {
	county.Flag
	Box  string
	Text string
}

// boxList is the townships: last contact, backlog, epochs, flags; and for
// a county admin the registration form.
func (a *App) boxList(c echo.Context) error {
	v := a.newView(c, "county.boxes.title", "county.boxes.lead")
	return a.renderBoxes(c, v, http.StatusOK)
}

func (a *App) renderBoxes(c echo.Context, v *view, status int) error {
	scope, err := a.scope(c)
	if err != nil {
		return err
	}
	boxes, err := a.County.BoxesIn(scope)
	if err != nil {
		return err
	}
	flags, err := a.County.Flags(0, 50)
	if err != nil {
		return err
	}
	names := map[uint64]string{}
	d := boxesPage{}
	now := a.Now()
	for _, b := range boxes {
		names[b.ID] = b.Name
		r := boxRow{Box: b}
		if !b.LastContact.IsZero() {
			r.Silent = now.Sub(b.LastContact) > silentAfter
			r.Since = v.T("county.boxes.ago", "Days", int(now.Sub(b.LastContact).Hours()/24))
		}
		d.Rows = append(d.Rows, r)
	}
	for _, f := range flags {
		if (f.Box == 0 && !scope.All()) || (f.Box != 0 && !scope.Visible(f.Box)) {
			continue
		}
		fr := flagRow{Flag: f, Box: names[f.Box], Text: v.T("county.flag." + f.Kind)}
		d.Flags = append(d.Flags, fr)
	}
	v.Data = d
	return a.render(c, status, "boxes", v)
}

func (a *App) boxAdd(c echo.Context) error {
	name, area, key := trimForm(c, "name"), trimForm(c, "area"), trimForm(c, "key")
	_, err := a.County.AddBox(currentUser(c).Username, name, area, key)
	if err == nil {
		a.flash(c, "ok", "county.boxes.added")
		return c.Redirect(http.StatusSeeOther, "/boxes")
	}
	v := a.newView(c, "county.boxes.title", "county.boxes.lead")
	v.Form["name"], v.Form["area"], v.Form["key"] = name, area, key
	if !v.showProblem(err, "name") {
		return err
	}
	return a.renderBoxes(c, v, http.StatusBadRequest)
}
