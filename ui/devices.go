package ui

import (
	"net/http"
	"runtime"
	"time"

	"bianmin/appliance/device"

	"github.com/labstack/echo/v4"
)

// deviceStatus is the 设备 page: every device's state, the build, the
// store and the upload backlog, in plain facts for technicians.
func (a *App) deviceStatus(c echo.Context) error {
	v := a.newView(c, "devices.title", "devices.lead", "devices")
	schema, _ := a.DB.SchemaVersion()
	var mem runtime.MemStats
	runtime.ReadMemStats(&mem)
	fingerprint := ""
	if k := a.Audit.Key(); k != nil {
		fingerprint = k.Fingerprint()
	}
	head, _ := a.Audit.SignedHead()
	v.Data = map[string]any{
		"Fingerprint": fingerprint,
		"Head":        head,
		"Devices":     a.Devices.List(),
		"Build":       a.Build,
		"Schema":      schema,
		"DataDir":     a.DB.DataDir(),
		"Outbox":      a.DB.OutboxLen(),
		"Uptime":      time.Since(a.Started).Round(time.Second).String(),
		"HeapMB":      float64(mem.HeapAlloc) / (1 << 20),
		"SimPanel":    a.Sim != nil,
	}
	return a.render(c, http.StatusOK, "devices", v)
}

// downloadBackup streams a consistent copy of the database while the
// appliance keeps running (设备 → 下载备份).
func (a *App) downloadBackup(c echo.Context) error {
	name := "bianmin-backup-" + time.Now().Format("20060102-150405") + ".db"
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, "application/octet-stream")
	h.Set(echo.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	h.Set("Cache-Control", "no-store")
	c.Response().WriteHeader(http.StatusOK)
	n, err := a.DB.WriteBackup(c.Response())
	if err != nil {
		a.Logger.Error("backup download failed", "err", err, "bytes", n)
		return nil // headers are gone; the browser sees a truncated download
	}
	a.Logger.Info("backup downloaded", "by", currentUser(c).Username, "bytes", n)
	return nil
}

// deviceBanners warns on every page when a device is not working, and
// those who read the audit log when its last check found it broken.
func (a *App) deviceBanners(v *view) []string {
	var out []string
	if seq := a.Audit.Broken(); seq > 0 && roleAllowed(v.User.Role, auditR) {
		out = append(out, v.T("audit.banner.broken", "Seq", seq))
	}
	for _, d := range a.Devices.List() {
		switch d.State {
		case device.StateReconnecting, device.StateError:
			out = append(out, v.T("devices.banner", "Name", d.Name, "State", v.T("devices.state."+string(d.State))))
		}
	}
	return out
}
