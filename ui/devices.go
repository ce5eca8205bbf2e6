package ui

import (
	"net/http"
	"runtime"
	"time"

	"bianmin/appliance/device"

	"github.com/labstack/echo/v4"
)

// deviceRow is one device on the 设备 page, in the user's words.
type deviceRow struct {
	device.Status
	Label     string // 指纹机
	KindLabel string // 串口
	StateText string // 已连接, 正在重连, 故障
	Reason    string // why it is not working, in the user's language; "" when it works
}

// deviceStatus is the 设备 page: every device's state (why it fails in the
// user's language, the driver's exact English beneath it), the build, the
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
	var rows []deviceRow
	for _, d := range a.Devices.List() {
		r := deviceRow{Status: d, Label: deviceName(v, d.Name), KindLabel: deviceKind(v, d.Kind),
			StateText: v.T("devices.state." + stateOrUnknown(d.State))}
		if deviceTroubled(d) {
			r.Reason = deviceReasonText(v, d)
		}
		rows = append(rows, r)
	}
	v.Data = map[string]any{
		"Fingerprint": fingerprint,
		"Head":        head,
		"Devices":     rows,
		"Build":       a.Build,
		"Schema":      schema,
		"DataDir":     a.DB.DataDir(),
		"Outbox":      a.DB.OutboxLen(),
		"Uptime":      durationText(v, time.Since(a.Started)),
		"HeapMB":      float64(mem.HeapAlloc) / (1 << 20),
		"SimPanel":    a.Sim != nil,
	}
	return a.render(c, http.StatusOK, "devices", v)
}

// deviceName is a device's name in the user's words (devices.device.<name>),
// its id when the locale files do not name it.
func deviceName(v *view, name string) string {
	if key := "devices.device." + name; v.app.i18n.HasKey(key) {
		return v.T(key)
	}
	return name
}

// DeviceName and DeviceKind word a device for the templates.
func (v *view) DeviceName(name string) string { return deviceName(v, name) }
func (v *view) DeviceKind(kind string) string { return deviceKind(v, kind) }

// deviceKind is a device's transport in words (devices.kind.<kind>).
func deviceKind(v *view, kind string) string {
	if key := "devices.kind." + kind; v.app.i18n.HasKey(key) {
		return v.T(key)
	}
	return kind
}

// stateOrUnknown is the state's locale suffix; a device that has reported
// nothing yet is "starting".
func stateOrUnknown(s device.State) string {
	if s == "" {
		return "starting"
	}
	return string(s)
}

// deviceTone colours a state.
func deviceTone(s device.State) string {
	switch s {
	case device.StateConnected:
		return "ok"
	case device.StateError:
		return "bad"
	case device.StateReconnecting, "":
		return "warn"
	}
	return ""
}

// deviceReasonText says why the device is not working, in the user's
// language: the driver's reason when the locale files have it, else the
// state's generic words.
func deviceReasonText(v *view, d device.Status) string {
	if d.Reason.Key != "" && v.app.i18n.HasKey(d.Reason.Key) {
		return v.T(d.Reason.Key, argPairs(d.Reason.Args)...)
	}
	return v.T("devices.reason." + stateOrUnknown(d.State))
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
		if deviceTroubled(d) {
			out = append(out, v.T("devices.banner", "Name", deviceName(v, d.Name), "Reason", deviceReasonText(v, d)))
		}
	}
	return out
}
