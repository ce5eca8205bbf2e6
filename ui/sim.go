package ui

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
)

// simPanel is the demo mode's 设备模拟 page: unplug and replug simulated
// devices, place a finger on the fingerprint sensor (later: press a rating
// button, read the printer).
func (a *App) simPanel(c echo.Context) error {
	if a.Sim == nil {
		return echo.NewHTTPError(http.StatusNotFound, "err.sim_demo_only")
	}
	v := a.newView(c, "sim.title", "sim.lead", "sim")
	fp, err := a.simFingerprint()
	if err != nil {
		return err
	}
	v.Data = map[string]any{"Devices": a.Sim.SimDevices(), "Status": a.Devices.List(), "Fingerprint": fp, "Printer": a.simPrinterData(), "Queue": a.simQueue(c)}
	return a.render(c, http.StatusOK, "sim", v)
}

func (a *App) simAction(c echo.Context) error {
	if a.Sim == nil {
		return echo.NewHTTPError(http.StatusNotFound, "err.sim_demo_only")
	}
	var plugged bool
	var done string
	switch c.Param("action") {
	case "unplug":
		done = "sim.done_unplug"
	case "replug":
		plugged, done = true, "sim.done_replug"
	default:
		return echo.NewHTTPError(http.StatusNotFound)
	}
	if err := a.Sim.SetPlugged(c.Param("name"), plugged); err != nil {
		a.Logger.Warn("sim action failed", "device", c.Param("name"), "err", err)
		a.flash(c, "err", "sim.action_failed")
	} else {
		a.flash(c, "ok", done)
	}
	return c.Redirect(http.StatusSeeOther, "/sim")
}

// simFinger is one person in the fingerprint simulator's picker.
type simFinger struct {
	ID      uint64
	StaffNo string
	Name    string
	Fingers int // enrolled fingers
}

// simFingerprintData is the 指纹机 section of the panel: nil when the
// demo has no fingerprint clock.
type simFingerprintData struct {
	Groups  []simFingerGroup
	Online  bool
	Enabled bool // a sensor is configured
}

type simFingerGroup struct {
	Unit   string
	People []simFinger
}

func (a *App) simFingerprint() (*simFingerprintData, error) {
	if a.Clock == nil {
		return nil, nil
	}
	groups, err := a.activeStaffGroups()
	if err != nil {
		return nil, err
	}
	fingers := map[uint64]int{}
	if a.Enrols != nil {
		all, err := a.Enrols.All()
		if err != nil {
			return nil, err
		}
		for _, e := range all {
			fingers[e.StaffID]++
		}
	}
	d := &simFingerprintData{Online: a.Clock.Online(), Enabled: true}
	for _, g := range groups {
		fg := simFingerGroup{Unit: g.Unit}
		for _, s := range g.Staff {
			fg.People = append(fg.People, simFinger{ID: s.ID, StaffNo: s.StaffNo, Name: s.Name, Fingers: fingers[s.ID]})
		}
		d.Groups = append(d.Groups, fg)
	}
	return d, nil
}

// simFingerPress puts a staff member's finger 1 or 2 on the simulated
// sensor.
func (a *App) simFingerPress(c echo.Context) error {
	return a.simFingerAction(c, func() error {
		finger, _ := strconv.Atoi(c.FormValue("finger"))
		if finger != 1 && finger != 2 {
			finger = 1
		}
		return a.Sim.PlaceFinger(parseID(c.FormValue("staff_id")), finger)
	}, "punch.sim.done_press")
}

// simFingerUnknown puts a finger nobody enrolled on the simulated sensor.
func (a *App) simFingerUnknown(c echo.Context) error {
	return a.simFingerAction(c, func() error { return a.Sim.PlaceUnknownFinger() }, "punch.sim.done_unknown")
}

// simFingerSmudge makes a press too messy to read.
func (a *App) simFingerSmudge(c echo.Context) error {
	return a.simFingerAction(c, func() error { return a.Sim.PlaceSmudge() }, "punch.sim.done_smudge")
}

func (a *App) simFingerAction(c echo.Context, act func() error, done string) error {
	if a.Sim == nil {
		return echo.NewHTTPError(http.StatusNotFound, "err.sim_demo_only")
	}
	if err := act(); err != nil {
		a.Logger.Warn("sim fingerprint action failed", "path", c.Request().URL.Path, "err", err)
		a.flash(c, "err", "punch.sim.failed")
	} else {
		a.flash(c, "ok", done)
	}
	return c.Redirect(http.StatusSeeOther, "/sim#fingerprint")
}

// simPrinterReceipts is how many receipts the panel shows.
const simPrinterReceipts = 6

// simPrinterData is the 取号打印机 section of the panel: nil when the
// demo has no simulated printer.
type simPrinterData struct {
	PaperOut bool
	Receipts []SimReceipt
}

func (a *App) simPrinterData() *simPrinterData {
	if a.SimPrinter == nil {
		return nil
	}
	return &simPrinterData{PaperOut: a.SimPrinter.PaperOut(), Receipts: a.SimPrinter.Receipts(simPrinterReceipts)}
}

// simReceiptPNG is a printed receipt as the simulator drew it.
func (a *App) simReceiptPNG(c echo.Context) error {
	if a.SimPrinter == nil {
		return echo.NewHTTPError(http.StatusNotFound, "err.sim_demo_only")
	}
	seq, _ := strconv.Atoi(c.Param("id"))
	b, ok := a.SimPrinter.ReceiptPNG(seq)
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	c.Response().Header().Set("Cache-Control", "private, max-age=3600")
	return c.Blob(http.StatusOK, "image/png", b)
}

// simReceiptText is a printed receipt as the simulator decoded it (the
// text lines, what a browser test checks against the document printed).
func (a *App) simReceiptText(c echo.Context) error {
	if a.SimPrinter == nil {
		return echo.NewHTTPError(http.StatusNotFound, "err.sim_demo_only")
	}
	seq, _ := strconv.Atoi(c.Param("id"))
	for _, r := range a.SimPrinter.Receipts(simPrinterKeepAll) {
		if r.Seq == seq {
			return c.String(http.StatusOK, r.Text)
		}
	}
	return echo.NewHTTPError(http.StatusNotFound)
}

// simPrinterKeepAll asks the simulator for every receipt it keeps.
const simPrinterKeepAll = 1 << 10

// simPaper takes the simulated printer's paper out (out=1) or loads it.
func (a *App) simPaper(c echo.Context) error {
	if a.SimPrinter == nil {
		return echo.NewHTTPError(http.StatusNotFound, "err.sim_demo_only")
	}
	out := c.FormValue("out") == "1"
	a.SimPrinter.SetPaperOut(out)
	if out {
		a.flash(c, "ok", "printjob.sim.done_paper_out")
	} else {
		a.flash(c, "ok", "printjob.sim.done_paper_loaded")
	}
	return c.Redirect(http.StatusSeeOther, "/sim#printer")
}
