package ui

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"bianmin/appliance/printjob"
	"bianmin/appliance/problem"

	"github.com/labstack/echo/v4"
)

// The 打印任务 page (设备 → 取号打印机): the printer's state, the jobs
// waiting for it or for staff (stale tickets, failures) with cancel and
// retry, and the jobs printed lately. The rules — when a job waits, when
// a ticket goes stale — are appliance/printjob's.

// printJobsPageSize is how many jobs one page of either list shows.
const printJobsPageSize = 20

// printerDeviceName is the ticket printer's name in the device registry.
const printerDeviceName = "printer"

// printJobRow is one job in the user's words.
type printJobRow struct {
	printjob.Job
	KindText   string
	StateText  string
	ReasonText string
	Summary    string
}

func (a *App) printJobRows(v *view, jobs []printjob.Job) []printJobRow {
	out := make([]printJobRow, 0, len(jobs))
	for _, j := range jobs {
		r := printJobRow{Job: j, KindText: v.T("printjob.kind." + j.Kind), StateText: v.T("printjob.state." + j.State),
			Summary: j.Doc.Summary(60)}
		if j.Reason.Key != "" && a.i18n.HasKey(j.Reason.Key) {
			r.ReasonText = v.T(j.Reason.Key, argPairs(j.Reason.Args)...)
		} else if j.Reason.Key != "" {
			r.ReasonText = v.T(printjob.ReasonUnknown)
		}
		out = append(out, r)
	}
	return out
}

// printerStatus is the printer's row of the device registry, worded; ok
// is false on a box without a printer.
func (a *App) printerStatus(v *view) (deviceRow, bool) {
	d, ok := a.Devices.Get(printerDeviceName)
	if !ok {
		return deviceRow{}, false
	}
	r := deviceRow{Status: d, Label: deviceName(v, d.Name), KindLabel: deviceKind(v, d.Kind),
		StateText: v.T("devices.state." + stateOrUnknown(d.State))}
	if deviceTroubled(d) {
		r.Reason = deviceReasonText(v, d)
	}
	return r, true
}

func (a *App) printJobsPage(c echo.Context) error {
	v := a.newView(c, "printjob.title", "printjob.lead", "devices")
	openPage, _ := strconv.Atoi(c.QueryParam("page"))
	allPage, _ := strconv.Atoi(c.QueryParam("all_page"))
	open, err := printjob.List(a.DB, printjob.Query{Open: true, Page: openPage, Size: printJobsPageSize})
	if err != nil {
		return err
	}
	all, err := printjob.List(a.DB, printjob.Query{Page: allPage, Size: printJobsPageSize})
	if err != nil {
		return err
	}
	counts, err := printjob.Count(a.DB)
	if err != nil {
		return err
	}
	q := c.QueryParams()
	openPager := newPagerParam("/devices/printer", q, "page", open.Total, open.Page, printJobsPageSize)
	openPager.anchor("open")
	allPager := newPagerParam("/devices/printer", q, "all_page", all.Total, all.Page, printJobsPageSize)
	allPager.anchor("all")
	printer, hasPrinter := a.printerStatus(v)
	v.Data = map[string]any{
		"Printer": printer, "HasPrinter": hasPrinter, "Counts": counts,
		"Open": a.printJobRows(v, open.Jobs), "OpenPager": openPager,
		"All": a.printJobRows(v, all.Jobs), "AllPager": allPager,
		"StaleMinutes": int(printjob.TicketStaleAfter / time.Minute),
		"SimPanel":     a.Sim != nil || a.SimPrinter != nil,
	}
	return a.render(c, http.StatusOK, "printjobs", v)
}

// printJobAction cancels or retries a job (audited by the domain).
func (a *App) printJobAction(act func(actor string, id uint64) (printjob.Job, error), done string) echo.HandlerFunc {
	return func(c echo.Context) error {
		_, err := act(currentUser(c).Username, parseID(c.Param("id")))
		var p *problem.Problem
		switch {
		case errors.As(err, &p):
			a.flash(c, "err", p.Key)
		case err != nil:
			return err
		default:
			a.flash(c, "ok", done)
		}
		return c.Redirect(http.StatusSeeOther, "/devices/printer#open")
	}
}

func (a *App) printJobCancel(c echo.Context) error {
	return a.printJobAction(func(actor string, id uint64) (printjob.Job, error) { return printjob.Cancel(a.DB, actor, id) },
		"printjob.done_cancel")(c)
}

func (a *App) printJobRetry(c echo.Context) error {
	return a.printJobAction(func(actor string, id uint64) (printjob.Job, error) { return printjob.Retry(a.DB, actor, id) },
		"printjob.done_retry")(c)
}

// printTestPage queues a test page: the center's name, a sample number, a
// QR code and a line of Chinese, as `bianmin printer test` prints.
func (a *App) printTestPage(c echo.Context) error {
	v := a.newView(c, "printjob.title", "", "devices")
	t := func(key string, args map[string]any) string { return v.T(key, argPairs(args)...) }
	doc := printjob.TestTicket(v.Center.Name, t, time.Now().In(a.loc()).Format("2006-01-02 15:04:05"))
	if _, err := printjob.Print(a.DB, currentUser(c).Username, printjob.Request{Kind: printjob.KindTest, Title: v.T("printer.test.title"), Doc: doc}); err != nil {
		return err
	}
	a.flash(c, "ok", "printjob.done_test")
	return c.Redirect(http.StatusSeeOther, "/devices/printer")
}

// printerBanners: the staff who handle print jobs are told on every page
// when tickets wait for them (stale or failed for good). The printer's own
// trouble is a device banner (deviceBanners).
func (a *App) printerBanners(v *view) []string {
	if !roleAllowed(v.User.Role, devicesR) {
		return nil
	}
	if _, ok := a.Devices.Get(printerDeviceName); !ok {
		return nil
	}
	c, err := printjob.Count(a.DB)
	if err != nil || c.Staff == 0 {
		return nil
	}
	return []string{v.T("printjob.banner.staff", "N", c.Staff)}
}
