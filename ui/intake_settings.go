package ui

// 受理 › 设置: the intake's two settings — whether the county allows full
// ID numbers in the uploads and in exports for other units (off: they
// carry the masked number; lists, logs and status pages are always
// masked), and how many working days ahead a case counts as due soon.
// The office changes them; the directors read them.

import (
	"net/http"
	"strconv"

	"bianmin/appliance/intake"

	"github.com/labstack/echo/v4"
)

func (a *App) intakeSettingsForm(c echo.Context) error {
	if err := a.intakeReady(); err != nil {
		return err
	}
	v := a.newView(c, "intake.settings.title", "intake.settings.lead", "intake")
	set, err := a.Intake.Settings()
	if err != nil {
		return err
	}
	v.Form["due_soon_days"] = strconv.Itoa(set.DueSoonDays)
	if set.FullIDAllowed {
		v.Form["full_id_allowed"] = "1"
	}
	return a.render(c, http.StatusOK, "intake_settings", v)
}

func (a *App) intakeSettingsSubmit(c echo.Context) error {
	if err := a.intakeReady(); err != nil {
		return err
	}
	v := a.newView(c, "intake.settings.title", "intake.settings.lead", "intake")
	v.Form["due_soon_days"], v.Form["full_id_allowed"] = c.FormValue("due_soon_days"), c.FormValue("full_id_allowed")
	days, err := strconv.Atoi(v.Form["due_soon_days"])
	if err != nil {
		v.fieldError("due_soon_days", "intake.err.number")
		return a.render(c, http.StatusBadRequest, "intake_settings", v)
	}
	set := intake.Settings{FullIDAllowed: v.Form["full_id_allowed"] != "", DueSoonDays: days}
	if _, err := a.Intake.SaveSettings(intakeActor(c), set); err != nil {
		if !showProblem(v, err, nil, "due_soon_days") {
			return err
		}
		return a.render(c, http.StatusBadRequest, "intake_settings", v)
	}
	a.flash(c, "ok", "intake.settings.saved")
	return c.Redirect(http.StatusSeeOther, "/intake/settings")
}
