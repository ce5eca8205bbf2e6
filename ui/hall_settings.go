package ui

// 设置 › 大厅屏: the hall display's voice (speech or clips, volume, how
// often a call is said), how many past calls it lists, and the center's
// notices. The office edits them; the management reads them. A change
// reaches the open screens at once.

import (
	"net/http"
	"strconv"
	"strings"

	"bianmin/appliance/hall"

	"github.com/labstack/echo/v4"
)

// hallSettingsData is what hall_settings.html shows besides the form.
type hallSettingsData struct {
	Modes     []hall.VoiceMode
	MaxRepeat int
	Streams   int // screens listening now
}

func (a *App) hallSettingsForm(c echo.Context) error {
	v := a.newView(c, "hall.settings.title", "hall.settings.lead", "settings")
	st, err := a.HallSettings.Get()
	if err != nil {
		return err
	}
	hallSettingsToForm(v, st)
	return a.renderHallSettings(c, v, http.StatusOK)
}

func hallSettingsToForm(v *view, st hall.Settings) {
	v.Form["voice"], v.Form["volume"] = string(st.Voice), strconv.Itoa(st.Volume)
	v.Form["repeat"] = strconv.Itoa(st.Repeat)
	v.Form["notices"] = strings.Join(st.Notices, "\n")
}

func (a *App) renderHallSettings(c echo.Context, v *view, status int) error {
	v.Data = hallSettingsData{Modes: hall.VoiceModes(), MaxRepeat: hall.MaxRepeat, Streams: a.hallHub.streams()}
	return a.render(c, status, "hall_settings", v)
}

func (a *App) hallSettingsSubmit(c echo.Context) error {
	num := func(name string) int {
		n, err := strconv.Atoi(strings.TrimSpace(c.FormValue(name)))
		if err != nil {
			return -1 // refused by Validate, on its field
		}
		return n
	}
	st := hall.Settings{Voice: hall.VoiceMode(c.FormValue("voice")), Volume: num("volume"), Repeat: num("repeat"),
		Notices: strings.Split(strings.ReplaceAll(c.FormValue("notices"), "\r\n", "\n"), "\n")}
	if _, err := a.HallSettings.Update(currentUser(c).Username, st); err != nil {
		v := a.newView(c, "hall.settings.title", "hall.settings.lead", "settings")
		hallSettingsToForm(v, st)
		for _, f := range []string{"volume", "repeat"} {
			v.Form[f] = c.FormValue(f)
		}
		v.Form["notices"] = c.FormValue("notices")
		if !showProblem(v, err, nil, "notices") {
			return err
		}
		return a.renderHallSettings(c, v, http.StatusBadRequest)
	}
	if a.Hall != nil {
		a.hallHub.publish(nil)
	}
	a.flash(c, "ok", "hall.settings.saved")
	return c.Redirect(http.StatusSeeOther, "/settings/hall")
}
