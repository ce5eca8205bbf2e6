package ui

import (
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strconv"
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
	last, hasLast, err := a.DB.LastBackup()
	if err != nil {
		a.Logger.Warn("read the last backup", "err", err)
	}
	v.Data = map[string]any{
		"Fingerprint": fingerprint,
		"Head":        head,
		"Store":       a.DB.Health(),
		"Space":       a.DB.Space(),
		"LastBackup":  last,
		"HasBackup":   hasLast,
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

// downloadBackup hands out a checked copy of the database (设备 → 下载备份):
// the store is copied into a temporary file in a bounded read transaction
// (store.Snapshot), the download is audited with who and from where before
// the first byte leaves, and the file is then streamed at the browser's
// pace — a browser that stops reading holds a file, never the store.
func (a *App) downloadBackup(c echo.Context) error {
	snap, err := a.DB.Snapshot(c.Request().Context())
	if err != nil {
		return err
	}
	defer snap.Close()
	rec := snap.Record(currentUser(c).Username, c.RealIP())
	if err := a.DB.AuditBackup(rec); err != nil {
		return err
	}
	name := "bianmin-backup-" + snap.Taken.In(a.loc()).Format("20060102-150405") + ".db"
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, "application/octet-stream")
	h.Set(echo.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	h.Set(echo.HeaderContentLength, strconv.FormatInt(snap.Size, 10))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Bianmin-Backup-SHA256", snap.SHA256)
	h.Set("X-Bianmin-Audit-Head", fmt.Sprintf("%d:%s", snap.Head.Seq, snap.Head.Hash))
	if signed, err := a.Audit.SignHeadAt(snap.Head.Seq, snap.Head.Hash); err == nil {
		h.Set("X-Bianmin-Audit-Head-Signature", signed.Signature)
		h.Set("X-Bianmin-Audit-Head-Key", signed.Fingerprint())
	}
	c.Response().WriteHeader(http.StatusOK)
	n, err := io.Copy(c.Response(), snap)
	if err != nil || n != snap.Size {
		a.Logger.Warn("backup download cut off", "by", rec.By, "from", rec.From, "bytes", n, "of", snap.Size, "err", err)
		return nil // headers are gone; the browser sees a truncated download
	}
	if err := a.DB.BackupDelivered(rec); err != nil {
		a.Logger.Warn("record the last backup", "err", err)
	}
	a.Logger.Info("backup downloaded", "by", rec.By, "from", rec.From, "bytes", n, "sha256", snap.SHA256, "copy_took", snap.Took.Round(time.Millisecond))
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
	return append(out, a.printerBanners(v)...)
}
