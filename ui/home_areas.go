package ui

// The menu entries and home panels of 报表, 设置, 设备, 操作日志 and 我的账号
// (areas.go says how an area plugs in).

import (
	"fmt"
	"strconv"

	"bianmin/appliance/account"
	"bianmin/appliance/attendance"
	"bianmin/appliance/device"
	"bianmin/appliance/report"
)

func (a *App) reportsArea() area {
	return area{Key: "reports", Href: "/reports", Roles: reportReaders, Waiting: a.reportsWaiting, Panels: a.reportsPanels}
}

// reportsWaiting: the office owes last week's notice and last month's
// summary once the period is over (report.Due).
func (a *App) reportsWaiting(hc *homeContext) ([]waitItem, error) {
	if !hc.is(account.RoleOffice) {
		return nil, nil
	}
	due, err := report.Due(a.DB, hc.now)
	if err != nil {
		return nil, err
	}
	var out []waitItem
	tr := a.translator(hc.v.Lang)
	for _, p := range due {
		out = append(out, waitItem{Label: hc.v.T("home.wait.report_"+string(p.Kind), "Period", report.PeriodLabel(p, hc.v.Lang, tr)),
			Count: 1, Href: "/reports"})
	}
	return out, nil
}

// reportsPanels: the latest published reports the user may read.
func (a *App) reportsPanels(hc *homeContext) ([]homePanel, error) {
	if !hc.is(reportReaders...) {
		return nil, nil
	}
	v := hc.v
	p := homePanel{ID: "reports-latest", Title: v.T("home.reports.title"), Kind: "rows", Empty: v.T("home.reports.none"),
		Links: []homeLink{{v.T("home.reports.all"), "/reports"}}}
	revs, err := report.ListRevisions(a.DB, report.Filter{Kinds: visibleKinds(hc.v.User), Limit: 3})
	if err != nil {
		return nil, err
	}
	tr := a.translator(v.Lang)
	for _, r := range revs {
		p.Rows = append(p.Rows, homeRow{Text: report.PeriodLabel(r.Period, v.Lang, tr),
			Note: v.T("home.reports.published", "Date", v.DateTime(r.PublishedAt)), Href: fmt.Sprintf("/reports/%d", r.ID)})
	}
	return []homePanel{p}, nil
}

func (a *App) settingsArea() area {
	return area{Key: "settings", Href: "/settings", Roles: management, Waiting: a.settingsWaiting, Panels: a.settingsPanels}
}

// settingsWaiting: from 1 December the office imports next year's holiday
// notice (calendar.MissingNextYear).
func (a *App) settingsWaiting(hc *homeContext) ([]waitItem, error) {
	if a.Calendar == nil || !hc.is(account.RoleOffice) {
		return nil, nil
	}
	if y, missing := a.Calendar.MissingNextYear(hc.now); missing {
		return []waitItem{{Label: hc.v.T("home.wait.calendar", "Year", y), Count: 1, Href: "/settings/calendar#import"}}, nil
	}
	return nil, nil
}

// settingsPanels: the directors read the same reminder (the office acts).
func (a *App) settingsPanels(hc *homeContext) ([]homePanel, error) {
	if a.Calendar == nil || !hc.is(account.RoleDirector, account.RoleDeputy) {
		return nil, nil
	}
	if y, missing := a.Calendar.MissingNextYear(hc.now); missing {
		return []homePanel{{ID: "calendar-missing", Title: hc.v.T("home.calendar.title"), Kind: "rows",
			Rows: []homeRow{{Text: hc.v.T("calendar.missing_year", "Year", y), Tone: "warn", Tag: hc.v.T("home.calendar.office_acts")}}}}, nil
	}
	return nil, nil
}

func (a *App) devicesArea() area {
	return area{Key: "devices", Href: "/devices", Roles: devicesR, Lights: []string{"sim"},
		Waiting: a.devicesWaiting, Panels: a.devicesPanels}
}

// devicesWaiting: for the technician, every device that is not working.
func (a *App) devicesWaiting(hc *homeContext) ([]waitItem, error) {
	if !hc.is(account.RoleTechnician) {
		return nil, nil
	}
	n := 0
	for _, d := range a.Devices.List() {
		if deviceTroubled(d) {
			n++
		}
	}
	if n == 0 {
		return nil, nil
	}
	return []waitItem{{Label: hc.v.T("home.wait.devices"), Count: n, Href: "/devices"}}, nil
}

// deviceTroubled: the device is not working (reconnecting or failing).
func deviceTroubled(d device.Status) bool {
	return d.State == device.StateReconnecting || d.State == device.StateError
}

// devicesPanels: the office and the directors see the devices' problems;
// the technician every device, the clock and the backups.
func (a *App) devicesPanels(hc *homeContext) ([]homePanel, error) {
	v := hc.v
	var panels []homePanel
	switch {
	case hc.is(account.RoleTechnician):
		panels = []homePanel{a.devicePanel(v, false), a.timePanel(v), a.backupPanel(v)}
	case hc.is(account.RoleOffice, account.RoleDirector, account.RoleDeputy):
		panels = []homePanel{a.devicePanel(v, true)}
	default:
		return nil, nil
	}
	// Records waiting for the county too long: raised above 待办.
	panels[0].Alerts = append(panels[0].Alerts, a.uplinkAlert(v)...)
	return panels, nil
}

// devicePanel lists the devices (troubledOnly: only those not working),
// each with its state and, when failing, why in the user's language with
// the driver's English detail under it.
func (a *App) devicePanel(v *view, troubledOnly bool) homePanel {
	p := homePanel{ID: "devices", Title: v.T("home.devices.title"), Kind: "rows", Empty: v.T("home.devices.all_ok")}
	if v.Has("office", "technician") {
		p.Links = []homeLink{{v.T("home.devices.open"), "/devices"}}
	}
	list := a.Devices.List()
	if len(list) == 0 {
		p.Empty = v.T("devices.none")
	}
	for _, d := range list {
		if troubledOnly && !deviceTroubled(d) {
			continue
		}
		row := homeRow{Text: deviceName(v, d.Name), Tag: v.T("devices.state." + stateOrUnknown(d.State)), Tone: deviceTone(d.State)}
		if deviceTroubled(d) {
			row.Note = deviceReasonText(v, d)
			if v.Has("technician") {
				row.Detail = d.Message
			}
		}
		p.Rows = append(p.Rows, row)
	}
	return p
}

// timePanel: how far the box's clock can be trusted, and what to do.
func (a *App) timePanel(v *view) homePanel {
	p := homePanel{ID: "time", Title: v.T("home.time.title"), Kind: "facts"}
	if a.Time == nil {
		p.Empty = v.T("home.time.unknown")
		return p
	}
	q := a.Time.Quality()
	tone := "ok"
	if q == attendance.TimeUnsure {
		tone = "bad"
	}
	p.Facts = []homeFact{
		{Label: v.T("home.time.now"), Value: a.now().Format("2006-01-02 15:04:05")},
		{Label: v.T("home.time.quality"), Value: v.T("punch.quality." + string(q)), Tone: tone},
		{Label: v.T("home.time.meaning"), Value: v.T("home.time.help." + string(q))},
	}
	return p
}

// backupPanel: the copies kept on the box, the upload backlog, and the
// download.
func (a *App) backupPanel(v *view) homePanel {
	p := homePanel{ID: "backups", Title: v.T("home.backup.title"), Kind: "facts",
		Links: []homeLink{{v.T("devices.backup"), "/devices/backup"}}}
	files, err := a.DB.BackupFiles()
	if err != nil {
		a.Logger.Warn("list backups", "err", err)
	}
	latest := v.T("home.backup.none")
	if len(files) > 0 {
		latest = v.T("home.backup.latest", "Date", v.DateTime(files[0].ModTime), "Size", sizeText(int(files[0].Size)))
	}
	p.Facts = []homeFact{
		{Label: v.T("home.backup.kept"), Value: latest},
		{Label: v.T("home.backup.count"), Value: strconv.Itoa(len(files))},
		{Label: v.T("devices.outbox"), Value: strconv.Itoa(a.DB.OutboxLen())},
		{Label: v.T("home.backup.key"), Value: v.T("home.backup.key_hint")},
	}
	return p
}

func (a *App) auditArea() area {
	return area{Key: "audit", Href: "/audit", Roles: auditR}
}

func (a *App) accountArea() area {
	return area{Key: "account", Href: "/account/sessions", Roles: everyone}
}
