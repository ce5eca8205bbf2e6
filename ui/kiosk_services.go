package ui

// The service catalog on the hall's kiosk (no login): the active services
// by unit, and each one's page with the six public items (六公开: content,
// materials, procedure, fees, fee basis, time limit) and where to go.
// A service's page is addressed by its code, so that a printed guide's
// QR code keeps working when the catalog is edited or imported again.

import (
	"net/http"
	"net/url"

	"bianmin/appliance/intake"

	"github.com/labstack/echo/v4"
)

// kioskIdleSeconds: a service's page goes back to the list after this
// long (UI.md: the kiosk resets itself when left).
const kioskIdleSeconds = 60

// kioskServicesData is what kiosk_services.html shows.
type kioskServicesData struct {
	Groups []unitItems[kioskItem]
}

type kioskItem struct {
	Href, Name, Limit string
}

// kioskServiceData is what kiosk_service.html shows.
type kioskServiceData struct {
	Item      intake.Item
	Unit      string
	Windows   []string
	Limit     string
	Materials []kioskMaterial
	Idle      int
	Guide     string // the printable guide (PDF)
}

type kioskMaterial struct{ Name, Note string }

func kioskServiceURL(code string) string { return "/kiosk/services/" + url.PathEscape(code) }

func (a *App) kioskServices(c echo.Context) error {
	if err := a.intakeReady(); err != nil {
		return err
	}
	v := a.newView(c, "intake.kiosk.title", "", "")
	items, err := a.Intake.Items(false)
	if err != nil {
		return err
	}
	pl, err := a.places()
	if err != nil {
		return err
	}
	d := kioskServicesData{Groups: byUnit(pl, items, func(it intake.Item) kioskItem {
		return kioskItem{Href: kioskServiceURL(it.Code), Name: it.Name, Limit: limitText(v, it)}
	})}
	v.Data = d
	return a.render(c, http.StatusOK, "kiosk_services", v)
}

func (a *App) kioskService(c echo.Context) error {
	if err := a.intakeReady(); err != nil {
		return err
	}
	it, err := a.Intake.ItemByCode(c.Param("code"))
	if err != nil || !it.Active {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	v := a.newView(c, "intake.kiosk.title", "", "")
	v.TitleText = it.Name
	pl, err := a.places()
	if err != nil {
		return err
	}
	d := kioskServiceData{Item: it, Unit: pl.unitName(it.UnitID), Limit: limitText(v, it), Idle: kioskIdleSeconds, Guide: kioskGuideURL(it.Code)}
	for _, w := range it.WindowIDs {
		d.Windows = append(d.Windows, pl.windowText(v, w))
	}
	for _, m := range it.Materials {
		d.Materials = append(d.Materials, kioskMaterial{Name: m.Name, Note: materialNote(v, m)})
	}
	v.Data = d
	return a.render(c, http.StatusOK, "kiosk_service", v)
}
