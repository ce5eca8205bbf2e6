package ui

import (
	"errors"
	"net/http"

	"bianmin/appliance/account"

	"github.com/labstack/echo/v4"
)

func (a *App) passwordForm(c echo.Context) error {
	v := a.newView(c, "password.title", "password.lead", "account")
	return a.render(c, http.StatusOK, "password", v)
}

func (a *App) passwordSubmit(c echo.Context) error {
	u, sess := currentUser(c), currentSession(c)
	oldPW, newPW, confirm := c.FormValue("old_password"), c.FormValue("new_password"), c.FormValue("confirm_password")
	v := a.newView(c, "password.title", "password.lead", "account")
	if oldPW == "" {
		v.fieldError("old_password", "password.err.old_required")
	}
	if newPW != confirm {
		v.fieldError("confirm_password", "password.err.mismatch")
	}
	if len(v.Errors) == 0 {
		err := a.Accounts.ChangePasswordFrom(c.Request().Context(), c.RealIP(), u.Username, u.ID, oldPW, newPW, sess.Key)
		switch {
		case errors.Is(err, account.ErrRateLimited):
			// Wrong old passwords spend the login's budget for this
			// address and account.
			retryAfter(c, err)
			showProblem(v, err, map[string]string{}, "old_password")
			return a.render(c, http.StatusTooManyRequests, "password", v)
		case showProblem(v, err, nil, "new_password"): // next to its field; the form again below
		case err != nil:
			return err
		default:
			a.flash(c, "ok", "password.changed")
			return c.Redirect(http.StatusSeeOther, "/")
		}
	}
	return a.render(c, http.StatusBadRequest, "password", v)
}

func (a *App) sessionList(c echo.Context) error {
	u, sess := currentUser(c), currentSession(c)
	list, err := a.Accounts.Sessions(u.ID)
	if err != nil {
		return err
	}
	v := a.newView(c, "sessions.title", "sessions.lead", "account")
	v.Data = map[string]any{"Sessions": list, "Current": sess.Key}
	return a.render(c, http.StatusOK, "sessions", v)
}

func (a *App) logoutOthers(c echo.Context) error {
	u, sess := currentUser(c), currentSession(c)
	if err := a.Accounts.LogoutEverywhere(u.Username, u.ID, sess.Key); err != nil {
		return err
	}
	a.flash(c, "ok", "sessions.others_ended")
	return c.Redirect(http.StatusSeeOther, "/account/sessions")
}
