package main

// Browser tests of each role's home page and of the office month grid, at
// 1366×768 and 390×844, and of the web font: a browser with a CJK font of
// its own never downloads the box's, one without downloads it once.

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/account"
	"bianmin/embedded"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// homePanels are the panels each role's home page must show (the hall's
// today is on every weekday and on days off, saying so).
var homePanels = map[account.Role][]string{
	account.RoleOffice:     {"hall-today", "reports-latest", "devices"},
	account.RoleDirector:   {"hall-today", "office-queue", "reports-latest", "devices"},
	account.RoleDeputy:     {"hall-today", "office-queue", "reports-latest", "devices"},
	account.RoleLead:       {"my-today", "my-month", "my-requests", "team-today", "reports-latest"},
	account.RoleStaff:      {"my-today", "my-month", "my-requests", "reports-latest"},
	account.RoleInspector:  {"hall-today", "errands-today", "offpost-month", "reports-latest"},
	account.RoleTechnician: {"devices", "time", "backups"},
}

// TestBrowserHomePages: each role's home page at both sizes shows its
// panels and passes the page checker; the office's 待办 names what waits,
// and the menu's badges agree with it.
func TestBrowserHomePages(t *testing.T) {
	t.Parallel()
	chromiumPath(t)
	s := startServer(t, t.TempDir(), "demo")
	passwords := map[string]string{} // the one-time passwords are changed at the first login
	for _, size := range [][2]int64{{1366, 768}, {390, 844}} {
		b := newBrowser(t, s.base, int(size[0]), int(size[1]))
		b.name += fmt.Sprintf("-%d", size[0])
		b.viewport(size[0], size[1])
		for _, role := range account.AllRoles {
			user, pw := demoLogin(s, role)
			if p, ok := passwords[user]; ok {
				pw = p
			}
			b.open("/login")
			b.loginOrFirst(user, pw)
			passwords[user] = adminNewPW
			b.open("/")
			for _, id := range homePanels[role] {
				if ok, _ := eval[bool](b, fmt.Sprintf(`!!document.querySelector('[data-panel=%q]')`, id)); !ok {
					t.Errorf("%s at %d: no panel %s", role, size[0], id)
				}
			}
			for _, p := range b.checkPage(fmt.Sprintf("/ %s %d", role, size[0])) {
				t.Error(p)
			}
			if role == account.RoleOffice {
				waiting := b.text(`[data-panel="waiting"]`)
				wantText(t, "the office's 待办", waiting, "考勤周通报还没有发布")
				// 报表's badge counts the reports owed.
				badge, _ := eval[string](b, `document.querySelector('#nav a[href="/reports"] .badge')?.dataset.badge ?? ""`)
				if badge == "" || badge == "0" {
					t.Errorf("the office's 报表 menu entry has no badge (%q)", badge)
				}
			}
			b.shot(string(role))
			b.logout()
		}
	}
}

// loginOrFirst logs in, changing the one-time password the first time.
func (b *browser) loginOrFirst(user, pw string) {
	b.t.Helper()
	b.do("log in as "+user, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(
		`document.querySelector("#f-username").value = %q; document.querySelector("#f-password").value = %q; document.querySelector('form[action="/login"]').submit()`, user, pw)))
	b.waitFor("the page after login", `location.pathname !== "/login"`, 10*time.Second)
	if path, _ := eval[string](b, "location.pathname"); path == "/account/password" {
		b.changePassword(pw, adminNewPW)
	}
}

// TestBrowserOfficeGrid: the office month grid — the demo's last month
// for the whole hall: every person a row, every day a cell with a word;
// the name column and the header stay in view; a cell opens the person's
// day in the month view; printed on landscape A4.
func TestBrowserOfficeGrid(t *testing.T) {
	t.Parallel()
	chromiumPath(t)
	s := startServer(t, t.TempDir(), "demo")
	last := time.Now().AddDate(0, -1, 0).Format("2006-01")
	grid := "/attendance/grid?m=" + last
	b := newBrowser(t, s.base, 1366, 768)
	b.firstLogin(s)
	b.open(grid)
	for _, p := range b.checkPage(grid + " 1366") {
		t.Error(p)
	}
	rows, _ := eval[int](b, `document.querySelectorAll("table.hall-grid tbody tr").length`)
	// Last month: the demo's 20 serving, and the one who left 9 days ago
	// (she served in it); the one who joined 12 days ago may too.
	if rows < 20 || rows > 21 {
		t.Errorf("the grid has %d rows, want the demo's 20 or 21 staff who served last month", rows)
	}
	// Every cell says in words what its colour says.
	empty, _ := eval[int](b, `[...document.querySelectorAll("td.g-cell a")].filter(a => !a.textContent.trim()).length`)
	if empty != 0 {
		t.Errorf("%d cells have no word", empty)
	}
	words, _ := eval[string](b, `[...new Set([...document.querySelectorAll("td.g-cell a")].map(a => a.textContent.trim()))].sort().join(" ")`)
	for _, w := range []string{"正常", "休", "迟"} {
		if !strings.Contains(words, w) {
			t.Errorf("the grid's words %q lack %q", words, w)
		}
	}
	b.shot("01-grid")
	// The header follows the page's scroll.
	// (app.js moves it on the scroll event: wait for the handler, which a
	// loaded machine may run later than a fixed sleep allows.)
	b.do("scroll down", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 700)`))
	var top float64
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		top, _ = eval[float64](b, `document.querySelector("table.hall-grid thead th").getBoundingClientRect().top`)
		if top >= -1 && top <= 2 || time.Now().After(deadline) {
			break
		}
	}
	if top < -1 || top > 2 {
		t.Errorf("after scrolling the header is at %.0f px, want at the top of the window", top)
	}
	b.shot("02-grid-scrolled")
	// A cell opens that day in the person's month.
	href, _ := eval[string](b, `document.querySelector("table.hall-grid tbody tr td.g-cell:nth-of-type(3) a").getAttribute("href")`)
	b.open(href)
	day := href[strings.Index(href, "#")+1:]
	if ok, _ := eval[bool](b, fmt.Sprintf(`!!document.getElementById(%q) && location.pathname === "/attendance/month"`, day)); !ok {
		t.Errorf("the cell's link %s does not open the day in the month view", href)
	}
	// Printed: landscape A4 with the center's name.
	b.open(grid)
	pdf := filepath.Join(t.TempDir(), "grid.pdf")
	b.printPDF(pdf)
	if info, err := exec.Command("pdfinfo", pdf).Output(); err == nil {
		m := regexp.MustCompile(`Page size:\s+([\d.]+) x ([\d.]+) pts \(A4\)`).FindStringSubmatch(string(info))
		var w, h float64
		if m != nil {
			w, _ = strconv.ParseFloat(m[1], 64)
			h, _ = strconv.ParseFloat(m[2], 64)
		}
		if w <= h {
			t.Errorf("the grid does not print on landscape A4:\n%s", info)
		}
		if !strings.Contains(string(info), "Pages:           1\n") {
			t.Errorf("a hall of 20 does not print on one page:\n%s", info)
		}
	}
	checkPDFText(t, pdf, "青山镇便民服务中心", "考勤总表")

	// On a phone the grid scrolls sideways inside its box and the names
	// stay in view.
	phone := newBrowser(t, s.base, 390, 844)
	phone.name += "-phone"
	phone.viewport(390, 844)
	phone.login("admin", adminNewPW, "/")
	phone.open(grid)
	for _, p := range phone.checkPage(grid + " 390") {
		t.Error(p)
	}
	phone.do("scroll the grid sideways", chromedp.Evaluate[chromedp.Void](`document.querySelector(".grid-wrap").scrollLeft = 400`))
	var left float64
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		left, _ = eval[float64](phone, `document.querySelector("table.hall-grid tbody th.g-name").getBoundingClientRect().left - document.querySelector(".grid-wrap").getBoundingClientRect().left`)
		if left >= -1 && left <= 2 || time.Now().After(deadline) {
			break
		}
	}
	if left < -1 || left > 2 {
		t.Errorf("after scrolling the grid sideways the name column is at %.0f px, want at the box's left edge", left)
	}
	phone.shot("03-grid-phone-scrolled")
}

// printPDF prints the page as Chromium's print would (CSS page sizes
// honoured) into file.
func (b *browser) printPDF(file string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	yes := true
	res, err := chromedp.Run(ctx, chromedp.Action[*page.PrintToPDFResult](func(ctx context.Context, t *chromedp.Target) (*page.PrintToPDFResult, error) {
		r, err := cdp.Call(ctx, t, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: &yes, PrintBackground: &yes})
		return &r, err
	}))
	if err != nil {
		b.t.Fatalf("print to PDF: %v", err)
	}
	if err := os.WriteFile(file, res.Data, 0o644); err != nil {
		b.t.Fatal(err)
	}
	if dir := os.Getenv("BIANMIN_SCREENSHOTS"); dir != "" {
		_ = os.WriteFile(filepath.Join(dir, b.name+"-print.pdf"), res.Data, 0o644)
	}
}

// TestBrowserWebFont: a browser with a CJK font of its own (a fontconfig
// with DejaVu and WenQuanYi Micro Hei installed as a system font, as on a
// Linux PC with fonts-wqy-microhei) never asks for the box's font; one
// with no CJK font (only DejaVu, as on a bare Raspberry Pi) downloads it
// once and draws the Chinese with it. Both fontconfigs are the test's
// own, so the machine's fonts do not decide the result.
func TestBrowserWebFont(t *testing.T) {
	t.Parallel()
	chromiumPath(t)
	s := startServer(t, t.TempDir(), "demo")
	fetched := `performance.getEntriesByType("resource").some(e => e.name.includes("/fonts/wqy-microhei-"))`

	// fontconfig writes a fonts.conf naming the font folders given.
	fontconfig := func(dirs ...string) string {
		dir := t.TempDir()
		conf := `<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>`
		for _, d := range append([]string{"/usr/share/fonts/truetype/dejavu"}, dirs...) {
			conf += "<dir>" + d + "</dir>"
		}
		conf += "<cachedir>" + dir + "/cache</cachedir></fontconfig>"
		file := filepath.Join(dir, "fonts.conf")
		if err := os.WriteFile(file, []byte(conf), 0o644); err != nil {
			t.Fatal(err)
		}
		return file
	}
	cjk := t.TempDir()
	ttf, err := embedded.Font()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(cjk, "wqy-microhei.ttf"), ttf, 0o644); err != nil {
		t.Fatal(err)
	}

	b := newBrowserWith(t, s.base, 1366, 768, chromedp.Env("FONTCONFIG_FILE="+fontconfig(cjk)))
	b.open("/login")
	b.do("wait for the fonts", chromedp.Evaluate[chromedp.Void](`document.fonts.ready.then(() => true)`, chromedp.EvalAwaitPromise))
	if got, _ := eval[bool](b, fetched); got {
		t.Error("a browser with its own CJK font downloaded the box's")
	}

	bare := newBrowserWith(t, s.base, 1366, 768, chromedp.Env("FONTCONFIG_FILE="+fontconfig()))
	bare.name += "-no-cjk-font"
	bare.open("/login")
	bare.waitFor("the font downloaded", fetched, 20*time.Second)
	bare.do("wait for the fonts", chromedp.Evaluate[chromedp.Void](`document.fonts.ready.then(() => true)`, chromedp.EvalAwaitPromise))
	if ok, _ := eval[bool](bare, `document.fonts.check('16px "Bianmin CJK"', "登录")`); !ok {
		t.Error("the box's font is not ready to draw 登录")
	}
	size, _ := eval[float64](bare, `performance.getEntriesByType("resource").find(e => e.name.includes("/fonts/wqy-microhei-")).transferSize`)
	t.Logf("the box's font went over the wire in %.0f bytes", size)
	bare.shot("login-with-the-box-font")
}
