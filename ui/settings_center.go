package ui

import (
	"net/http"

	"bianmin/appliance/center"

	"github.com/labstack/echo/v4"
)

// centerPageData is what settings.html shows besides the form: the
// document prefix made from the name when none is set.
type centerPageData struct{ DefaultPrefix string }

func (a *App) settingsCenterForm(c echo.Context) error {
	v := a.newView(c, "settings.title", "settings.lead", "settings")
	st := a.Center.Get()
	centerForm(v, st)
	return a.renderCenter(c, v, st, http.StatusOK)
}

// centerForm puts the settings into the form.
func centerForm(v *view, st center.Settings) {
	v.Form["name"], v.Form["address"], v.Form["phone"] = st.Name, st.Address, st.Phone
	v.Form["doc_prefix"], v.Form["go_live"] = st.DocPrefix, st.GoLive
}

func (a *App) renderCenter(c echo.Context, v *view, st center.Settings, status int) error {
	v.Data = centerPageData{DefaultPrefix: center.DocPrefixOf(st.Name)}
	return a.render(c, status, "settings", v)
}

func (a *App) settingsCenterSubmit(c echo.Context) error {
	st := center.Settings{Name: c.FormValue("name"), Address: c.FormValue("address"), Phone: c.FormValue("phone"),
		DocPrefix: c.FormValue("doc_prefix"), GoLive: c.FormValue("go_live")}
	if err := a.Center.Update(currentUser(c).Username, st); err != nil {
		v := a.newView(c, "settings.title", "settings.lead", "settings")
		centerForm(v, st)
		if !showProblem(v, err, nil, "name") {
			return err
		}
		return a.renderCenter(c, v, st, http.StatusBadRequest)
	}
	a.flash(c, "ok", "settings.saved")
	return c.Redirect(http.StatusSeeOther, "/settings")
}
