package ui

import (
	"archive/zip"
	"net/http"
	"strconv"
	"strings"
	"time"

	"bianmin/appliance/uplink"

	"github.com/labstack/echo/v4"
)

// 县级上报 (设备 → 县级上报): what waits for the county and since when, the
// last success and the last error, the settings made at registration, and
// the stick — the unacknowledged batches as a zip to copy onto a USB stick
// (导出到U盘) and the county's receipt brought back.

// uplinkPage is what uplink.html shows.
type uplinkPage struct {
	Status      uplink.Status
	Fingerprint string
	PublicKey   string
	Overdue     bool
	Days        int // days records have waited
	OldestAge   string
}

func (a *App) uplinkReady(c echo.Context) error {
	if a.Uplink == nil {
		return echo.NewHTTPError(http.StatusServiceUnavailable)
	}
	return nil
}

func (a *App) uplinkStatus(c echo.Context) error {
	if err := a.uplinkReady(c); err != nil {
		return err
	}
	v := a.newView(c, "uplink.page.title", "uplink.page.lead", "devices")
	st, err := a.Uplink.Status()
	if err != nil {
		return err
	}
	uplinkForm(v, st.Settings)
	return a.renderUplink(c, v, st, http.StatusOK)
}

func uplinkForm(v *view, s uplink.Settings) {
	v.Form["url"], v.Form["ca_cert"], v.Form["pin_sha256"] = s.URL, s.CACert, s.PinSHA256
	v.Form["warn_days"] = ""
	if s.WarnDays > 0 {
		v.Form["warn_days"] = strconv.Itoa(s.WarnDays)
	}
	v.Form["allow_http"], v.Form["full_ids"] = boolForm(s.AllowHTTP), boolForm(s.FullIDs)
}

func boolForm(b bool) string {
	if b {
		return "1"
	}
	return ""
}

func (a *App) renderUplink(c echo.Context, v *view, st uplink.Status, status int) error {
	d := uplinkPage{Status: st, Overdue: st.Overdue(a.now()), Days: st.DaysWaiting(a.now())}
	d.Fingerprint, d.PublicKey = a.Uplink.ID(), a.Uplink.PublicKey()
	if !st.Oldest.IsZero() {
		d.OldestAge = durationText(v, a.now().Sub(st.Oldest))
	}
	v.Data = d
	return a.render(c, status, "uplink", v)
}

func (a *App) uplinkSettingsSubmit(c echo.Context) error {
	if err := a.uplinkReady(c); err != nil {
		return err
	}
	s := uplink.Settings{
		URL: strings.TrimSpace(c.FormValue("url")), CACert: strings.TrimSpace(c.FormValue("ca_cert")),
		PinSHA256: strings.TrimSpace(c.FormValue("pin_sha256")),
		AllowHTTP: c.FormValue("allow_http") == "1", FullIDs: c.FormValue("full_ids") == "1",
	}
	v := a.newView(c, "uplink.page.title", "uplink.page.lead", "devices")
	if w := strings.TrimSpace(c.FormValue("warn_days")); w != "" {
		n, err := strconv.Atoi(w)
		if err != nil {
			n = -1
		}
		s.WarnDays = n
	}
	if err := a.Uplink.SaveSettings(currentUser(c).Username, s); err != nil {
		uplinkForm(v, s)
		v.Form["warn_days"] = c.FormValue("warn_days")
		if !showProblem(v, err, nil, "url") {
			return err
		}
		st, serr := a.Uplink.Status()
		if serr != nil {
			return serr
		}
		return a.renderUplink(c, v, st, http.StatusBadRequest)
	}
	a.kickUplink()
	a.flash(c, "ok", "uplink.page.saved")
	return c.Redirect(http.StatusSeeOther, "/devices/uplink")
}

// kickUplink asks the background sender to send now.
func (a *App) kickUplink() {
	if a.UplinkKick != nil {
		a.UplinkKick()
	}
}

func (a *App) uplinkSendNow(c echo.Context) error {
	if err := a.uplinkReady(c); err != nil {
		return err
	}
	a.kickUplink()
	a.flash(c, "ok", "uplink.page.sending")
	return c.Redirect(http.StatusSeeOther, "/devices/uplink")
}

// uplinkExport hands out every unacknowledged batch and the manifest as a
// zip to unpack onto a USB stick (导出到U盘) for `countyd import`.
func (a *App) uplinkExport(c echo.Context) error {
	if err := a.uplinkReady(c); err != nil {
		return err
	}
	name := "bianmin-uplink-" + a.now().Format("20060102-150405") + ".zip"
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, "application/zip")
	h.Set(echo.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	h.Set("Cache-Control", "no-store")
	c.Response().WriteHeader(http.StatusOK)
	zw := zip.NewWriter(c.Response())
	_, err := a.Uplink.Export(func(name string, data []byte) error {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: time.Now()})
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	})
	if err != nil {
		a.Logger.Error("uplink export", "err", err)
		return nil // the status is sent; the zip is cut short and will not open
	}
	return zw.Close()
}

// uplinkReceipt takes the county's receipt from the stick.
func (a *App) uplinkReceipt(c echo.Context) error {
	if err := a.uplinkReady(c); err != nil {
		return err
	}
	v := a.newView(c, "uplink.page.title", "uplink.page.lead", "devices")
	data, _, key := readUploadAs(c, ".json")
	var err error
	if key == "" {
		var acked uplink.Acked
		acked, err = a.Uplink.ImportReceipt(data)
		if err == nil {
			a.Logger.Info("uplink receipt imported", "batches", acked.Batches, "records", acked.Records, "by", currentUser(c).Username)
			a.flash(c, "ok", "uplink.page.receipt_done")
			return c.Redirect(http.StatusSeeOther, "/devices/uplink")
		}
	}
	st, serr := a.Uplink.Status()
	if serr != nil {
		return serr
	}
	uplinkForm(v, st.Settings)
	switch {
	case key != "":
		v.fieldError("file", key)
	case !showProblem(v, err, map[string]string{}, "file"):
		return err
	}
	return a.renderUplink(c, v, st, http.StatusBadRequest)
}

// uplinkAlert is the home page's warning when records have waited for the
// county longer than the settings allow.
func (a *App) uplinkAlert(v *view) []homeAlert {
	if a.Uplink == nil {
		return nil
	}
	st, err := a.Uplink.Status()
	if err != nil {
		a.Logger.Warn("read the uplink status", "err", err)
		return nil
	}
	if !st.Overdue(a.now()) {
		return nil
	}
	days := st.DaysWaiting(a.now())
	return []homeAlert{{Key: "uplink", Text: v.T("uplink.alert", "Days", days, "Count", st.Backlog), Href: "/devices/uplink", Link: v.T("uplink.alert_link")}}
}
