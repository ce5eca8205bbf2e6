package ui

// 受理 › 设置: the intake's settings — whether the county allows full
// ID numbers in the uploads and in exports for other units (off: they
// carry the masked number; lists, logs and status pages are always
// masked), how many working days ahead a case counts as due soon, and the
// remedies every refusal states (不予受理通知书, 不予行政许可决定书: where
// to apply for reconsideration and in how many days, which court and in
// how many months — intake.NoticeSettings). The office changes them; the
// directors read them.

import (
	"net/http"
	"strconv"
	"strings"

	"bianmin/appliance/intake"

	"github.com/labstack/echo/v4"
)

func (a *App) intakeSettingsForm(c echo.Context) error {
	if err := a.intakeReady(); err != nil {
		return err
	}
	v := a.newView(c, "intake.settings.title", "intake.settings.lead", "intake")
	if err := a.fillIntakeSettings(v); err != nil {
		return err
	}
	if err := a.fillNoticeSettings(v); err != nil {
		return err
	}
	return a.render(c, http.StatusOK, "intake_settings", v)
}

// intakeSettingsData is what intake_settings.html shows beside the form:
// the uplink's own permission, which an upload also needs to carry full
// numbers (uplink.Filter masks them otherwise).
type intakeSettingsData struct {
	Uplink     bool // the box has an uplink
	UplinkFull bool // 设备 → 县级上报 lets full numbers travel
}

// fillIntakeSettings puts the stored intake settings in the form.
func (a *App) fillIntakeSettings(v *view) error {
	set, err := a.Intake.Settings()
	if err != nil {
		return err
	}
	var d intakeSettingsData
	if a.Uplink != nil {
		us, err := a.Uplink.Settings()
		if err != nil {
			return err
		}
		d = intakeSettingsData{Uplink: true, UplinkFull: us.FullIDs}
	}
	v.Data = d
	v.Form["due_soon_days"], v.Form["full_id_allowed"] = strconv.Itoa(set.DueSoonDays), ""
	if set.FullIDAllowed {
		v.Form["full_id_allowed"] = "1"
	}
	return nil
}

// fillNoticeSettings puts the stored remedies in the form.
func (a *App) fillNoticeSettings(v *view) error {
	ns, err := a.Intake.NoticeSettings()
	if err != nil {
		return err
	}
	v.Form["review_body"], v.Form["court"] = ns.ReviewBody, ns.Court
	v.Form["review_days"], v.Form["litigation_months"] = strconv.Itoa(ns.ReviewDays), strconv.Itoa(ns.LitigationMonths)
	return nil
}

func (a *App) intakeSettingsSubmit(c echo.Context) error {
	if err := a.intakeReady(); err != nil {
		return err
	}
	v := a.newView(c, "intake.settings.title", "intake.settings.lead", "intake")
	if err := a.fillNoticeSettings(v); err != nil {
		return err
	}
	if err := a.fillIntakeSettings(v); err != nil { // the uplink's permission beside the form
		return err
	}
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

// noticeFields are the remedies form's fields.
var noticeFields = []string{"review_body", "review_days", "court", "litigation_months"}

// intakeNoticeSubmit saves the remedies the refusals state.
func (a *App) intakeNoticeSubmit(c echo.Context) error {
	if err := a.intakeReady(); err != nil {
		return err
	}
	v := a.newView(c, "intake.settings.title", "intake.settings.lead", "intake")
	for _, k := range noticeFields {
		v.Form[k] = c.FormValue(k)
	}
	set := intake.NoticeSettings{ReviewBody: v.Form["review_body"], Court: v.Form["court"]}
	var bad bool
	for field, n := range map[string]*int{"review_days": &set.ReviewDays, "litigation_months": &set.LitigationMonths} {
		var err error
		if *n, err = strconv.Atoi(strings.TrimSpace(v.Form[field])); err != nil {
			v.fieldError(field, "intake.err.number")
			bad = true
		}
	}
	if !bad {
		_, err := a.Intake.SaveNoticeSettings(intakeActor(c), set)
		if err == nil {
			a.flash(c, "ok", "intake.settings.notice_saved")
			return c.Redirect(http.StatusSeeOther, "/intake/settings")
		}
		if !showProblem(v, err, nil, "review_body") {
			return err
		}
	}
	if err := a.fillIntakeSettings(v); err != nil {
		return err
	}
	return a.render(c, http.StatusBadRequest, "intake_settings", v)
}
