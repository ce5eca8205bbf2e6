package ui

// A service's printable guide (办事指南): an A4 PDF in the official layout
// with everything of its catalog entry and a QR code to its kiosk page
// (intake.Service.Guide lays it out). Public like the kiosk page it
// mirrors: linked from the catalog and from the kiosk's service page.

import (
	"bytes"
	"errors"
	"net/http"
	"net/url"

	"bianmin/appliance/intake"
	"bianmin/appliance/report"
	"bianmin/embedded"

	"github.com/labstack/echo/v4"
)

// kioskGuideURL is the guide's address of the service code.
func kioskGuideURL(code string) string { return kioskServiceURL(code) + "/guide.pdf" }

func (a *App) serviceGuidePDF(c echo.Context) error {
	if err := a.intakeReady(); err != nil {
		return err
	}
	code := c.Param("code")
	scheme := "http"
	if a.secureCookies(c) {
		scheme = "https"
	}
	page := (&url.URL{Scheme: scheme, Host: c.Request().Host, Path: kioskServiceURL(code)}).String()
	st := a.Center.Get()
	words := func(key string, args map[string]any) string { return a.i18n.T(recordLang, key, args) }
	g, err := a.Intake.Guide(code, intake.GuideInput{Center: st.Name, URL: page, Words: words,
		Footer: words("intakedoc.guide.printed", map[string]any{"At": a.clockText(a.now())})})
	if errors.Is(err, intake.ErrNotFound) {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := report.WriteNoticePDF(&b, g, report.PDFOptions{Font: embedded.Font}); err != nil {
		return err
	}
	defer a.releaseMemory()
	return pdfBlob(c, b.Bytes(), g.Head.Title+".pdf", "guide.pdf")
}
