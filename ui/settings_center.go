package ui

import (
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
	if err := a.Center.Update(currentUser(c).Username, st); err != nil {
		v := a.newView(c, "settings.title", "settings.lead", "settings")
		v.Form["name"], v.Form["address"], v.Form["phone"] = st.Name, st.Address, st.Phone
		if !showProblem(v, err, nil, "name") {
			return err
		}
		return a.render(c, http.StatusBadRequest, "settings", v)
	}
	a.flash(c, "ok", "settings.saved")
	return c.Redirect(http.StatusSeeOther, "/settings")
}
