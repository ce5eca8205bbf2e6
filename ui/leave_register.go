package ui

// 请假 › 登记簿: the month's approved leave per unit (请假登记簿), as a page,
// a PDF and a spreadsheet — one layout (report.LeaveRegisterOf) for all
// three.

import (
	"bytes"
	"net/http"
	"net/url"

	"bianmin/appliance/report"
	"bianmin/appliance/staff"

	"github.com/labstack/echo/v4"
)

// leaveRegisterData is what leave_register.html shows.
type leaveRegisterData struct {
	Month    string // 2026-03
	Units    []staff.Unit
	Unit     string // the chosen unit's id; "" every unit
	Doc      *report.Document
	View     reportViewData // for the report-table partial
	Query    string         // the filters, for the PDF and XLSX links
	PrevURL  string
	NextURL  string
	MonthTxt string
}

// leaveRegisterDoc lays out the register the query asks for.
func (a *App) leaveRegisterDoc(c echo.Context, v *view) (*report.Document, leaveRegisterData, error) {
	first := a.monthParam(c, v)
	d := leaveRegisterData{Month: first.Format(monthLayout)}
	var err error
	if d.Units, err = a.Staff.Units(); err != nil {
		return nil, d, err
	}
	unitID := parseID(c.QueryParam("unit"))
	if unitID != 0 {
		d.Unit = idString(unitID)
	}
	reg, err := a.Leave.Register(first.Year(), first.Month(), unitID)
	if err != nil {
		return nil, d, notFoundOr(err)
	}
	doc := report.LeaveRegisterOf(reg, v.Center.Name, a.leaveMeta(v), a.now())
	q := url.Values{"m": {d.Month}}
	if d.Unit != "" {
		q.Set("unit", d.Unit)
	}
	d.Query = q.Encode()
	link := func(m string) string {
		q := url.Values{"m": {m}}
		if d.Unit != "" {
			q.Set("unit", d.Unit)
		}
		return "/leave/register?" + q.Encode()
	}
	d.PrevURL, d.NextURL = link(first.AddDate(0, -1, 0).Format(monthLayout)), link(first.AddDate(0, 1, 0).Format(monthLayout))
	d.MonthTxt = doc.Period
	return doc, d, nil
}

func (a *App) leaveRegister(c echo.Context) error {
	if err := a.leaveReady(); err != nil {
		return err
	}
	v := a.newView(c, "leave.register.title", "leave.register.lead", "leave")
	doc, d, err := a.leaveRegisterDoc(c, v)
	if err != nil {
		return err
	}
	d.Doc, d.View = doc, reportViewData{Doc: doc}
	v.Data = d
	return a.render(c, http.StatusOK, "leave_register", v)
}

func (a *App) leaveRegisterPDF(c echo.Context) error {
	return a.leaveRegisterFile(c, "pdf")
}

func (a *App) leaveRegisterXLSX(c echo.Context) error {
	return a.leaveRegisterFile(c, "xlsx")
}

// leaveRegisterFile writes the register as a PDF or a workbook.
func (a *App) leaveRegisterFile(c echo.Context, ext string) error {
	if err := a.leaveReady(); err != nil {
		return err
	}
	v := a.newView(c, "leave.register.title", "", "leave")
	doc, d, err := a.leaveRegisterDoc(c, v)
	if err != nil {
		return err
	}
	name := v.T("leave.register.file", "Month", d.Month)
	return a.sendDocument(c, doc, ext, name, "leave-register-"+d.Month)
}

// sendDocument answers a report Document as a download: a PDF (ext
// "pdf") or a workbook ("xlsx"), named name (ascii: the plain-ASCII
// fallback name), not cached.
func (a *App) sendDocument(c echo.Context, doc *report.Document, ext, name, ascii string) error {
	var b bytes.Buffer
	typ := "application/pdf"
	var err error
	if ext == "pdf" {
		err = writePDF(&b, doc)
	} else {
		typ, err = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", report.WriteXLSX(&b, doc)
	}
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, attachment(name+"."+ext, ascii+"."+ext))
	c.Response().Header().Set("Cache-Control", "private, no-store")
	defer a.releaseMemory()
	return c.Blob(http.StatusOK, typ, b.Bytes())
}
