package ui

// 设置 › 排队叫号: the services (ticket letter, name, the windows that
// serve them, on/off), the priority rules (green channel, appointments
// and their lead), the recall limit, the 取号 button's gap and how many
// past calls the hall shows. queue.Settings.Validate says what is wrong.

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"bianmin/appliance/queue"

	"github.com/labstack/echo/v4"
)

// queueSettingsRows is how many empty rows the form offers for new
// services.
const queueSettingsRows = 2

// queueSettingsData is what queue_settings.html shows.
type queueSettingsData struct {
	Rows    []int // the service rows' indexes
	Reasons []queue.PauseReason
}

func (a *App) queueSettingsForm(c echo.Context) error {
	if err := a.queueReady(); err != nil {
		return err
	}
	s, err := a.Queue.Settings()
	if err != nil {
		return err
	}
	v := a.newView(c, "queue.settings.title", "queue.settings.lead", "settings")
	queueSettingsToForm(v, s)
	return a.renderQueueSettings(c, v, len(s.Services), http.StatusOK)
}

func (a *App) renderQueueSettings(c echo.Context, v *view, n, status int) error {
	d := queueSettingsData{Reasons: queue.PauseReasons()}
	for i := 0; i < n+queueSettingsRows; i++ {
		d.Rows = append(d.Rows, i)
	}
	v.Data = d
	return a.render(c, status, "queue_settings", v)
}

func queueSettingsToForm(v *view, s queue.Settings) {
	for i, d := range s.Services {
		f := fmt.Sprintf("services.%d.", i)
		v.Form[f+"prefix"], v.Form[f+"name"] = d.Prefix, d.Name
		var ws []string
		for _, w := range d.Windows {
			ws = append(ws, strconv.Itoa(w))
		}
		v.Form[f+"windows"] = strings.Join(ws, ",")
		if d.Off {
			v.Form[f+"off"] = "on"
		}
	}
	if s.Green {
		v.Form["green"] = "on"
	}
	if s.Appointments {
		v.Form["appointments"] = "on"
	}
	v.Form["appointment_lead_min"] = strconv.Itoa(s.AppointmentLeadMin)
	v.Form["recall_max"] = strconv.Itoa(s.RecallMax)
	v.Form["button_gap_sec"] = strconv.Itoa(s.ButtonGapSec)
	v.Form["hall_recent"] = strconv.Itoa(s.HallRecent)
}

// windowList reads "1, 2，3 4" as window numbers; a word that is not a
// number becomes 0, which Validate refuses by name.
func windowList(s string) []int {
	var out []int
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == ' ' || r == '、' }) {
		n, err := strconv.Atoi(f)
		if err != nil {
			n = 0
		}
		out = append(out, n)
	}
	return out
}

func (a *App) queueSettingsSubmit(c echo.Context) error {
	if err := a.queueReady(); err != nil {
		return err
	}
	form, err := c.FormParams()
	if err != nil {
		return err
	}
	var s queue.Settings
	num := func(k string) int {
		n, err := strconv.Atoi(strings.TrimSpace(form.Get(k)))
		if err != nil {
			return -1 // refused by Validate with the field's range
		}
		return n
	}
	for i := 0; i < queue.MaxServices+queueSettingsRows; i++ {
		f := fmt.Sprintf("services.%d.", i)
		if !form.Has(f + "prefix") {
			break
		}
		s.Services = append(s.Services, queue.ServiceDef{Prefix: form.Get(f + "prefix"), Name: form.Get(f + "name"),
			Windows: windowList(form.Get(f + "windows")), Off: form.Get(f+"off") == "on"})
	}
	s.Green, s.Appointments = form.Get("green") == "on", form.Get("appointments") == "on"
	s.AppointmentLeadMin, s.RecallMax = num("appointment_lead_min"), num("recall_max")
	s.ButtonGapSec, s.HallRecent = num("button_gap_sec"), num("hall_recent")
	if _, err := a.Queue.SaveSettings(currentUser(c).Username, s); err != nil {
		v := a.newView(c, "queue.settings.title", "queue.settings.lead", "settings")
		for k := range form {
			v.Form[k] = form.Get(k)
		}
		if !showProblem(v, err, nil, "services") {
			return err
		}
		return a.renderQueueSettings(c, v, len(s.Services), http.StatusBadRequest)
	}
	a.flash(c, "ok", "settings.saved")
	return c.Redirect(http.StatusSeeOther, "/settings/queue")
}
