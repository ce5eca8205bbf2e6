package main

// Every page of the route table in Chromium, as every role that may see
// it, in Chinese at 1366×768 and 390×844 and in English at 1366×768, under
// the page checker (browser_check_test.go). A GET route added later is
// walked too: one without parameters as it is; one with parameters needs a
// line in pageSamples (a path that exists in the demo) or in pageSkips (why
// it is not a page), or this test fails and says so.

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/account"
	"bianmin/ui"

	"github.com/chromedp/chromedp"
)

// pageSamples are the paths that stand for a route: its parameters filled
// with what exists in the demo once a weekly notice is published, or a
// query worth a look of its own.
var pageSamples = map[string][]string{
	"/reports/:id":           {"/reports/1"},
	"/attendance/enrol/:id":  {"/attendance/enrol/4"},
	"/settings/staff/:id":    {"/settings/staff/4"},
	"/help/:area":            {"/help/home", "/help/intake", "/help/attendance", "/help/reports", "/help/settings", "/help/devices", "/help/audit", "/help/account", "/help/rating", "/help/assess"},
	"/attendance/month":      {"/attendance/month", "/attendance/month?staff=4"},
	"/attendance/grid":       {"/attendance/grid", "/attendance/grid?unit=1"},
	"/attendance/remedies":   {"/attendance/remedies"},
	"/attendance/punches":    {"/attendance/punches"},
	"/attendance/objections": {"/attendance/objections"},
	"/leave/:id":             {"/leave/1"}, // the demo's first leave (QS007's)
	"/hall/window/:no":       {"/hall/window/1"},
	// 受理: the demo's cases (1: accepted and in progress, 2: a one-time
	// notice issued, 6: received), a search, a filled register form, the
	// demo catalog's first item and its kiosk page.
	"/intake":               {"/intake", "/intake?name=赵"},
	"/intake/new":           {"/intake/new", "/intake/new?item=1"},
	"/intake/cases/:id":     {"/intake/cases/1", "/intake/cases/2", "/intake/cases/6"},
	"/intake/catalog/:id":   {"/intake/catalog/1"},
	"/kiosk/services/:code": {"/kiosk/services/MZ-001"},
	"/rating/followups/:id": {"/rating/followups/1"}, // the demo's first rating, a 差评 at window 1
	"/rating/stats":         {"/rating/stats", "/rating/stats?from=2026-01&to=2026-12"},
	// A case's documents and its phone script (the demo's first case).
	"/intake/cases/:id/docs":  {"/intake/cases/1/docs"},
	"/intake/cases/:id/phone": {"/intake/cases/1/phone"},
	// 考核: last month is the demo's published month (demo.SeedAssess):
	// 刘芳's month (QS004), the first inspection (王建国's).
	"/assess":                 {"/assess", "/assess?m=" + time.Now().AddDate(0, -1, 0).Format("2006-01")},
	"/assess/staff/:id":       {"/assess/staff/4", "/assess/staff/4?m=" + time.Now().AddDate(0, -1, 0).Format("2006-01")},
	"/assess/inspections":     {"/assess/inspections", "/assess/inspections?m=" + time.Now().AddDate(0, -1, 0).Format("2006-01")},
	"/assess/inspections/:id": {"/assess/inspections/1"},
}

// samplesFor keeps the samples a role may open: another person's month
// is for those who see them (the office and the directors anyone, a lead
// their window — 刘芳, QS004, is in 张伟's —, a clerk themself: 刘芳); a
// leave that is not one's own is for those who see everyone's.
func samplesFor(role account.Role, samples []string) []string {
	var out []string
	for _, s := range samples {
		switch {
		case strings.Contains(s, "staff=") && role == account.RoleTechnician:
		case strings.HasPrefix(s, "/leave/") && (role == account.RoleStaff || role == account.RoleLead):
		case strings.HasPrefix(s, "/assess/inspections/") && (role == account.RoleStaff || role == account.RoleLead):
		default:
			out = append(out, s)
		}
	}
	return out
}

// pageSkips are GET routes that are not pages a person reads, with why.
var pageSkips = map[string]string{
	"/healthz":                        "health check (text)",
	"/readyz":                         "health check (text)",
	"/lang/:lang":                     "switches the language and redirects",
	"/favicon.ico":                    "an icon",
	"/attendance":                     "redirects to the punch list",
	"/attendance/punches/export.xlsx": "a download",
	"/attendance/enrol/jobs/:job":     "needs an enrolment under way (TestBrowserEnrol walks it)",
	"/settings/imports/:id":           "needs an import (TestBrowserStorePages walks one at both widths)",
	"/kiosk/attendance/events":        "an event stream",
	"/hall/events":                    "an event stream",
	"/queue/live":                     "an event stream (the console follows it; TestBrowserQueueTicket)",
	"/devices/printer/live":           "an event stream (the printer page follows it; TestBrowserPrinterPaperOut)",
	"/settings/staff/export.csv":      "a download",
	"/devices/backup":                 "a download",
	"/sim/printer/receipt/:id":        "an image (a printed receipt; TestBrowserPrinterPaperOut loads one)",
	"/kiosk/services/:code/guide.pdf": "a PDF (a service's printable guide; TestServiceGuidePDF reads it with pdftotext)",
	"/sim/printer/receipt/:id/text":   "plain text (a printed receipt decoded; TestBrowserCaseDocuments reads one)",
	"/devices/uplink/export.zip":      "a download (zip of the unacknowledged batches)",
	"/queue/stats.xlsx":               "a download",
	"/assess/inspections/:id/photo":   "an image (an inspection's photo)",
	"/assess/report.pdf":              "a download (ui TestAssessPagesAndReports reads it with pdftotext)",
	"/assess/report.xlsx":             "a download (ui TestAssessPagesAndReports reads it back)",
	"/queue/tickets/:id":              "a ticket taken today (TestBrowserQueueTicket and ui's TestQueuePagesTicketFlow open one)",
	"/q/:token":                       "a ticket's token from its printed QR code (TestBrowserQueueTicket opens one)",
	"/audit/head":                     "a download (the audit log's signed head)",
	"/leave/register.pdf":             "a download",
	"/leave/register.xlsx":            "a download",
	"/leave/:id/files/:file":          "a download (a scanned slip or certificate)",
	"/leave/:id/slip.pdf":             "a download (the leave slip)",
	"/leave/:id/card.pdf":             "a download (the substitute's work card)",
	"/reports/:id/pdf":                "a download (the report tests render the PDF)",
	"/reports/:id/xlsx":               "a download",
	"/account/password":               "a form checked by TestBrowserLoginPasswordLanguage",
	"/fonts/wqy-microhei-:hash.ttf":   "a font",
	"/intake/docs/:id/pdf":            "a download (a case document; TestBrowserCaseDocuments reads each with pdftotext)",
	"/intake/export.xlsx":             "a download",
	"/s/:token":                       "a case's token from its documents (TestBrowserCaseDocuments opens one)",
}

// demoLogins are the demo's account for each role (the office's is admin).
func demoLogin(s *server, role account.Role) (user, password string) {
	if role == account.RoleOffice {
		return "admin", s.adminPW
	}
	return string(role), s.demo[string(role)]
}

// pagesFor lists the page paths a role may open, from the route table.
func pagesFor(t *testing.T, routes []ui.Route, role account.Role) []string {
	t.Helper()
	var out []string
	for _, r := range routes {
		if r.Method != http.MethodGet {
			continue
		}
		if _, skip := pageSkips[r.Path]; skip || strings.HasPrefix(r.Path, "/fonts/") {
			continue
		}
		if !r.Public && !slices.Contains(r.Roles, role) {
			continue
		}
		if samples, ok := pageSamples[r.Path]; ok {
			out = append(out, samplesFor(role, samples)...)
			continue
		}
		if strings.Contains(r.Path, ":") {
			t.Errorf("GET %s has parameters but no sample in pageSamples nor a reason in pageSkips", r.Path)
			continue
		}
		out = append(out, r.Path)
	}
	return out
}

// routeTable is the app's route table (the handlers are not called).
func routeTable(t *testing.T) []ui.Route {
	t.Helper()
	app, err := ui.New(ui.Deps{})
	if err != nil {
		t.Fatal(err)
	}
	return app.Routes()
}

// publishWeekly generates last week's notice as the office and publishes
// it, so that /reports/1 exists.
func (b *browser) publishWeekly() {
	b.t.Helper()
	b.open("/reports")
	b.do("generate the weekly notice", chromedp.Click(chromedp.CSS(`form[action="/reports/generate"] button`)))
	b.waitFor("the draft under way", `location.hash.startsWith("#d-")`, 10*time.Second)
	for start := time.Now(); ; {
		b.open("/reports")
		if ok, _ := eval[bool](b, `!!document.querySelector('a[href^="/reports/d-"]')`); ok {
			break
		}
		if time.Since(start) > 30*time.Second {
			body, _ := eval[string](b, `document.querySelector("main").innerText`)
			b.t.Fatalf("no draft after 30 s:\n%s", body)
		}
		time.Sleep(300 * time.Millisecond)
	}
	b.do("open the draft", chromedp.Click(chromedp.CSS(`a[href^="/reports/d-"]`)))
	b.waitFor("the draft page", `!!document.querySelector('form[action="/reports/publish"]')`, 10*time.Second)
	b.do("publish", chromedp.Evaluate[chromedp.Void](`window.confirm = () => true; document.querySelector('form[action="/reports/publish"] button[type=submit]').click()`))
	b.waitFor("the published report", `location.pathname === "/reports/1"`, 15*time.Second)
}

// walkPages opens every page in paths and runs the checker on each.
func (b *browser) walkPages(paths []string, how string) []string {
	b.t.Helper()
	var problems []string
	for _, p := range paths {
		b.open(p)
		if code, _ := eval[string](b, `document.querySelector("main .error-code")?.textContent ?? ""`); code != "" {
			problems = append(problems, fmt.Sprintf("%s %s: shows an error page: %s", p, how, code))
			continue
		}
		problems = append(problems, b.checkPage(p+" "+how)...)
	}
	return problems
}

// TestBrowserEveryPage walks the route table with the page checker.
func TestBrowserEveryPage(t *testing.T) {
	t.Parallel()
	chromiumPath(t)
	routes := routeTable(t)
	s := startServer(t, t.TempDir(), "demo")
	b := newBrowser(t, s.base, 1366, 768)
	b.firstLogin(s)
	b.publishWeekly()
	b.logout()

	var problems []string
	for _, role := range account.AllRoles {
		user, pw := demoLogin(s, role)
		if pw == "" {
			t.Fatalf("the demo printed no password for %s", role)
		}
		pages := pagesFor(t, routes, role)
		if role == account.RoleOffice {
			b.login(user, adminNewPW, "/")
		} else {
			b.login(user, pw, "/account/password")
			b.changePassword(pw, adminNewPW)
		}
		b.do("Chinese", chromedp.Navigate(b.base+"/lang/zh-CN?next=/"))
		b.viewport(1366, 768)
		problems = append(problems, b.walkPages(pages, string(role)+" zh 1366×768")...)
		b.viewport(390, 844)
		problems = append(problems, b.walkPages(pages, string(role)+" zh 390×844")...)
		b.viewport(1366, 768)
		b.do("English", chromedp.Navigate(b.base+"/lang/en?next=/"))
		problems = append(problems, b.walkPages(pages, string(role)+" en 1366×768")...)
		b.do("back to Chinese", chromedp.Navigate(b.base+"/lang/zh-CN?next=/"))
		t.Logf("%s: %d pages", role, len(pages))
		b.logout()
	}
	for _, p := range problems {
		t.Error(p)
	}
}

// viewport sets the window's size (a phone's with touch below 500 px).
func (b *browser) viewport(w, h int64) {
	b.t.Helper()
	if w < 500 {
		b.do("phone viewport", chromedp.EmulateViewport(w, h, chromedp.EmulateMobile))
		return
	}
	b.do("desktop viewport", chromedp.EmulateViewport(w, h))
}

// logout signs out from any page with a menu.
func (b *browser) logout() {
	b.t.Helper()
	b.open("/")
	b.do("log out", chromedp.Evaluate[chromedp.Void](`document.querySelector('form[action="/logout"]').submit()`))
	b.waitFor("the login page", `location.pathname === "/login"`, 10*time.Second)
}
