package ui

import (
	"errors"
	"net/http"

	"bianmin/appliance/center"

	"github.com/labstack/echo/v4"
)

func (a *App) settingsCenterForm(c echo.Context) error {
	v := a.newView(c, "settings.title", "settings.lead", "settings")
	st := a.Center.Get()
	v.Form["name"], v.Form["address"], v.Form["phone"] = st.Name, st.Address, st.Phone
	return a.render(c, http.StatusOK, "settings", v)
}

func (a *App) settingsCenterSubmit(c echo.Context) error {
	st := center.Settings{Name: c.FormValue("name"), Address: c.FormValue("address"), Phone: c.FormValue("phone")}
	err := a.Center.Update(currentUser(c).Username, st)
	var fe *center.FieldError
	switch {
	case errors.As(err, &fe):
		v := a.newView(c, "settings.title", "settings.lead", "settings")
		v.Form["name"], v.Form["address"], v.Form["phone"] = st.Name, st.Address, st.Phone
		v.fieldError(fe.Field, fe.Key)
		return a.render(c, http.StatusBadRequest, "settings", v)
	case err != nil:
		return err
	}
	a.flash(c, "ok", "settings.saved")
	return c.Redirect(http.StatusSeeOther, "/settings")
}
