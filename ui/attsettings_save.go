package ui

// 设置 › 考勤规则: saving the form as typed, or 恢复默认值: the preset's own
// numbers saved at once (the limits stay as they are). Loading another
// preset's numbers into the form (载入) is a GET of the form page.

import (
	"net/http"

	"bianmin/appliance/attendance"

	"github.com/labstack/echo/v4"
)

func (a *App) attSettingsSubmit(c echo.Context) error {
	v := a.newView(c, "attui.settings.title", "attui.settings.lead", "settings")
	stored, err := attendance.LoadSettingsDB(a.DB)
	if err != nil {
		return err
	}
	v.Form = formFieldNames(c.FormValue)
	switch c.FormValue("action") {
	case "restore":
		return a.attSettingsRestore(c, v, stored)
	}
	s := parseSettings(v)
	if len(v.Errors) > 0 {
		return a.renderAttSettings(c, v, stored, http.StatusBadRequest, "")
	}
	if err := a.saveSettings(c, s); err != nil {
		if !showProblem(v, err, map[string]string{}, "preset") {
			return err
		}
		return a.renderAttSettings(c, v, stored, http.StatusBadRequest, "")
	}
	a.flash(c, "ok", "attui.settings.saved")
	return c.Redirect(http.StatusSeeOther, "/settings/attendance")
}

// attSettingsRestore saves the chosen preset's defaults.
func (a *App) attSettingsRestore(c echo.Context, v *view, stored attendance.Settings) error {
	s, err := stored.WithPreset(v.Form["preset"])
	if err != nil {
		if !showProblem(v, err, map[string]string{}, "preset") {
			return err
		}
		return a.renderAttSettings(c, v, stored, http.StatusBadRequest, "")
	}
	if err := a.saveSettings(c, s); err != nil {
		return err
	}
	a.flash(c, "ok", "attui.settings.restored")
	return c.Redirect(http.StatusSeeOther, "/settings/attendance")
}

func (a *App) saveSettings(c echo.Context, s attendance.Settings) error {
	_, err := attendance.SaveSettingsDB(a.DB, currentUser(c).Username, s)
	return err
}
