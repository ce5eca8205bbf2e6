package main

// Browser tests: the demo in real headless Chromium. The path comes from
// BIANMIN_CHROMIUM (default /usr/bin/chromium). Without Chromium the tests
// skip, unless BIANMIN_REQUIRE_BROWSER=1. With BIANMIN_SCREENSHOTS=DIR set,
// each step leaves a PNG there.

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"bianmin/cmd/internal/browsertest"

	"github.com/chromedp/chromedp"
)

// browser is one headless Chromium with one tab, pointed at a server: the
// launcher and steps of cmd/internal/browsertest (shared with countyd's
// browser test), with this package's names.
type browser struct {
	t    *testing.T
	ctx  context.Context // a chromedp context that has run once
	base string
	name string // prefix for screenshot files
	bt   *browsertest.Browser
}

// chromiumPath finds Chromium or skips (fails with BIANMIN_REQUIRE_BROWSER=1).
func chromiumPath(t *testing.T) string {
	t.Helper()
	return browsertest.ChromiumPath(t)
}

// newBrowser starts headless Chromium with a fresh profile and a window of
// width×height; it is closed in t.Cleanup.
func newBrowser(t *testing.T, base string, width, height int) *browser {
	t.Helper()
	return newBrowserWith(t, base, width, height)
}

// newBrowserWith is newBrowser with more options for Chromium (its
// environment, say).
func newBrowserWith(t *testing.T, base string, width, height int, extra ...chromedp.ExecAllocatorOption) *browser {
	t.Helper()
	bt := browsertest.New(t, base, width, height, extra...)
	return &browser{t: t, ctx: bt.Ctx, base: base, name: bt.Name, bt: bt}
}

// do runs steps, each batch bounded by 20 s.
func (b *browser) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	b.bt.Name = b.name
	b.bt.Do(what, steps...)
}

// open navigates to path on the server and waits for the load.
func (b *browser) open(path string) {
	b.t.Helper()
	b.do("open "+path, chromedp.Navigate(b.base+path))
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](b *browser, js string) (T, error) { return browsertest.Eval[T](b.bt, js) }

// text is the trimmed textContent of the first element matching the CSS
// selector, "" when there is none.
func (b *browser) text(sel string) string {
	b.t.Helper()
	return b.bt.Text(sel)
}

// waitFor polls the JavaScript predicate until it is true. It survives
// navigations (a click that submits a form), unlike chromedp.Poll.
func (b *browser) waitFor(what, predicate string, timeout time.Duration) {
	b.t.Helper()
	b.bt.Name = b.name
	b.bt.WaitFor(what, predicate, timeout)
}

// shot saves a screenshot of the whole page to $BIANMIN_SCREENSHOTS.
func (b *browser) shot(name string) {
	b.bt.Name = b.name
	b.bt.Shot(name)
}

// login fills and submits the login form and waits for the next page at
// wantPath.
func (b *browser) login(username, password, wantPath string) {
	b.t.Helper()
	b.open("/login")
	b.do("log in as "+username,
		chromedp.SendKeys(chromedp.CSS("#f-username"), username),
		chromedp.SendKeys(chromedp.CSS("#f-password"), password),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)),
	)
	b.waitFor("the page after login", fmt.Sprintf(`location.pathname === %q`, wantPath), 10*time.Second)
}

// changePassword fills the password form and waits for the dashboard.
func (b *browser) changePassword(oldPW, newPW string) {
	b.t.Helper()
	b.do("change the password",
		chromedp.SendKeys(chromedp.CSS("#f-old_password"), oldPW),
		chromedp.SendKeys(chromedp.CSS("#f-new_password"), newPW),
		chromedp.SendKeys(chromedp.CSS("#f-confirm_password"), newPW),
		chromedp.Click(chromedp.CSS(`form[action="/account/password"] button[type="submit"]`)),
	)
	b.waitFor("the dashboard after the password change", `location.pathname === "/" && document.querySelector("h1")`, 10*time.Second)
}

// firstLogin logs in as admin with the demo's one-time password and sets
// a new one.
func (b *browser) firstLogin(s *server) {
	b.t.Helper()
	if s.adminPW == "" {
		b.t.Fatalf("demo printed no admin password:\n%s", s.stdout.String())
	}
	b.login("admin", s.adminPW, "/account/password")
	b.changePassword(s.adminPW, adminNewPW)
}

func wantText(t *testing.T, what, got, want string) {
	t.Helper()
	if !strings.Contains(got, want) {
		t.Errorf("%s: %q does not contain %q", what, got, want)
	}
}

// TestBrowserLoginPasswordLanguage: first login lands on the forced
// password change, then the dashboard in Chinese, English and back.
func TestBrowserLoginPasswordLanguage(t *testing.T) {
	t.Parallel()
	chromiumPath(t)
	s := startServer(t, t.TempDir(), "demo")
	b := newBrowser(t, s.base, 1366, 768)

	b.open("/login")
	wantText(t, "login h1", b.text("h1"), "登录")
	b.shot("01-login")
	b.login("admin", s.adminPW, "/account/password")
	b.shot("02-forced-password-change")
	wantText(t, "password page h1", b.text("h1"), "修改密码")
	wantText(t, "password page banner", b.text(".banner-info"), "这是一次性密码，请先设置您自己的新密码再继续使用")
	wantText(t, "password page", b.text("main"), "新密码至少 8 位")
	if nav := b.text("#nav"); nav != "" {
		t.Errorf("the menu is shown before the password is changed: %q", nav)
	}

	b.changePassword(s.adminPW, adminNewPW)
	b.shot("03-dashboard-zh")
	if h1 := b.text("h1"); h1 != "首页" {
		t.Errorf("dashboard h1 = %q, want 首页", h1)
	}
	wantText(t, "brand", b.text(".brand"), "青山镇便民服务中心")
	wantText(t, "nav", b.text("#nav"), "考勤")
	wantText(t, "flash", b.text(".flash"), "密码已修改")
	b.noSideScroll("/ at 1366×768")

	b.do("click English", chromedp.Click(chromedp.CSS(`nav.lang a[lang="en"]`)))
	b.waitFor("the dashboard in English", `document.documentElement.lang === "en" && document.querySelector("h1")?.textContent.trim() === "Home"`, 10*time.Second)
	b.shot("04-dashboard-en")
	wantText(t, "nav (en)", b.text("#nav"), "Attendance")
	wantText(t, "brand (en)", b.text(".brand"), "青山镇便民服务中心")
	b.noSideScroll("/ in English at 1366×768")
	if loc, _ := eval[string](b, "location.pathname"); loc != "/" {
		t.Errorf("after switching language the page is %q, want /", loc)
	}

	b.do("click 中文", chromedp.Click(chromedp.CSS(`nav.lang a[lang="zh-CN"]`)))
	b.waitFor("the dashboard in Chinese again", `document.documentElement.lang === "zh-CN" && document.querySelector("h1")?.textContent.trim() === "首页"`, 10*time.Second)
	wantText(t, "nav (zh again)", b.text("#nav"), "考勤")
	b.shot("05-dashboard-zh-again")
}

// deviceState is fingerprint's state on the /devices page ("" when absent).
func (b *browser) deviceState() string {
	b.t.Helper()
	b.open("/devices")
	s, err := eval[string](b, `document.querySelector('tr[data-device="fingerprint"] [data-state]')?.dataset.state ?? ""`)
	if err != nil {
		b.t.Fatalf("read the device state: %v", err)
	}
	return s
}

// waitDeviceState reloads /devices until fingerprint shows want (up to 15 s).
func (b *browser) waitDeviceState(want string) time.Duration {
	b.t.Helper()
	start := time.Now()
	var seen []string
	for {
		got := b.deviceState()
		if got == want {
			return time.Since(start)
		}
		if len(seen) == 0 || seen[len(seen)-1] != got {
			seen = append(seen, got)
		}
		if time.Since(start) > 15*time.Second {
			b.shot("FAILED-device-" + want)
			b.t.Fatalf("fingerprint not %q after 15s; states seen: %q", want, seen)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// simClick clicks fingerprint's button on /sim, which must read label, and
// waits for the panel to come back offering next.
func (b *browser) simClick(label, next string) {
	b.t.Helper()
	b.open("/sim")
	const btn = `tr[data-sim="fingerprint"] button`
	if got := b.text(btn); got != label {
		b.t.Fatalf("/sim button reads %q, want %q", got, label)
	}
	b.do("click "+label, chromedp.Click(chromedp.CSS(btn)))
	b.waitFor("the panel to offer "+next, fmt.Sprintf(`document.querySelector(%q)?.textContent.trim() === %q`, btn, next), 10*time.Second)
}

// TestBrowserSimUnplugReplug: unplugging the simulated serial device on
// /sim shows it reconnecting on /devices, why in Chinese with the driver's
// English beneath, and the kiosk says the reader is not connected instead
// of asking for a finger; replugging brings both back.
func TestBrowserSimUnplugReplug(t *testing.T) {
	t.Parallel()
	chromiumPath(t)
	s := startServer(t, t.TempDir(), "demo")
	b := newBrowser(t, s.base, 1366, 768)
	b.firstLogin(s)
	k := newBrowser(t, s.base, 1366, 768)
	k.name += "-kiosk"
	k.open("/kiosk/attendance")
	stage := `document.querySelector("[data-stage]")`

	t.Logf("fingerprint connected after %v", b.waitDeviceState("connected"))
	b.shot("01-devices-connected")
	k.waitFor("the kiosk's prompt", stage+`.dataset.kind === "idle" && `+stage+`.innerText.includes("请按手指打卡")`, 10*time.Second)

	b.simClick("拔出", "插回")
	b.shot("02-sim-unplugged")
	t.Logf("fingerprint reconnecting %v after unplug", b.waitDeviceState("reconnecting"))
	b.shot("03-devices-reconnecting")
	wantText(t, "warning banner", b.text(".banner-warn"), "指纹机")
	wantText(t, "the reason", b.text(`tr[data-device="fingerprint"] [data-reason]`), "设备没有接上或已拔出")
	wantText(t, "the technician's detail", b.text(`tr[data-device="fingerprint"] .detail[lang="en"]`), "serial port")
	// One state at a time: the kiosk no longer asks for a finger.
	k.waitFor("the kiosk to say the reader is offline", stage+`.dataset.kind === "offline"`, 15*time.Second)
	if text, _ := eval[string](k, stage+`.innerText`); strings.Contains(text, "请按手指打卡") || !strings.Contains(text, "指纹机未连接") {
		t.Errorf("the offline kiosk shows %q", text)
	}
	k.shot("kiosk-offline")

	b.simClick("插回", "拔出")
	t.Logf("fingerprint connected %v after replug", b.waitDeviceState("connected"))
	b.shot("04-devices-connected-again")
	if banner := b.text(".banner-warn"); banner != "" {
		t.Errorf("warning banner still shown after replug: %q", banner)
	}
	k.waitFor("the kiosk's prompt again", stage+`.dataset.kind === "idle" && `+stage+`.innerText.includes("请按手指打卡")`, 15*time.Second)
}

// noSideScroll fails the test when the page is wider than the window.
func (b *browser) noSideScroll(page string) {
	b.t.Helper()
	got, err := eval[[]int](b, `[document.scrollingElement.scrollWidth, document.documentElement.clientWidth]`)
	if err != nil {
		b.t.Fatalf("%s: measure the page width: %v", page, err)
	}
	if got[0] > got[1] {
		b.shot("FAILED-side-scroll" + strings.ReplaceAll(page, "/", "_"))
		b.t.Errorf("%s scrolls sideways: scrollWidth %d > clientWidth %d", page, got[0], got[1])
	}
}

// TestBrowserPhoneLayout: on a 390×844 phone the menu collapses behind ☰
// and no page scrolls sideways.
func TestBrowserPhoneLayout(t *testing.T) {
	t.Parallel()
	chromiumPath(t)
	s := startServer(t, t.TempDir(), "demo")
	b := newBrowser(t, s.base, 390, 844)
	b.do("phone viewport", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))

	b.open("/login")
	b.noSideScroll("/login")
	b.firstLogin(s)
	b.shot("01-phone-dashboard")
	if w, _ := eval[int](b, "window.innerWidth"); w != 390 {
		t.Errorf("innerWidth = %d, want 390", w)
	}

	const toggle = `[data-menu-toggle]`
	wantText(t, "menu toggle", b.text(toggle), "☰")
	visible, err := eval[bool](b, fmt.Sprintf(`(() => { const e = document.querySelector(%q); const r = e.getBoundingClientRect(); return getComputedStyle(e).display !== "none" && r.width > 0 && r.height > 0 && r.right <= window.innerWidth; })()`, toggle))
	if err != nil || !visible {
		t.Errorf("the ☰ menu toggle is not visible on a phone (err %v)", err)
	}
	navShown := `(() => { const n = document.getElementById("nav"); return !!n && getComputedStyle(n).display !== "none" && n.getBoundingClientRect().height > 0; })()`
	if shown, _ := eval[bool](b, navShown); shown {
		t.Error("the menu is open on a phone before ☰ is tapped")
	}
	b.noSideScroll("/")

	b.do("tap ☰", chromedp.Click(chromedp.CSS(toggle)))
	b.waitFor("the menu to open", navShown, 5*time.Second)
	if exp, _ := eval[string](b, fmt.Sprintf(`document.querySelector(%q).getAttribute("aria-expanded")`, toggle)); exp != "true" {
		t.Errorf("aria-expanded = %q after tapping ☰, want true", exp)
	}
	b.shot("02-phone-menu-open")
	b.noSideScroll("/ with the menu open")

	for _, page := range []string{"/devices", "/sim", "/settings", "/settings/units", "/settings/staff", "/account/sessions"} {
		b.open(page)
		if h1 := b.text("h1"); h1 == "" {
			t.Errorf("%s has no h1", page)
		}
		if status, _ := eval[string](b, `document.querySelector("main .error-code")?.textContent ?? ""`); status != "" {
			t.Errorf("%s shows an error page: %s", page, status)
		}
		b.noSideScroll(page)
		b.shot("03-phone" + strings.ReplaceAll(page, "/", "_"))
	}
}
