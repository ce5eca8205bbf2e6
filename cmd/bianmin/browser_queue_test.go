package main

// Browser test of the queue (issue #12): the office registers a 取号机,
// a kiosk browser pairs and takes a number, the simulated printer prints
// it (its picture on the 设备模拟 panel), the window's console calls it
// and finishes it, and the statistics count it. (The hall display lane
// adds the SSE display's update to this walk.)

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

func TestBrowserQueueTicket(t *testing.T) {
	t.Parallel()
	chromiumPath(t)
	s := startServer(t, t.TempDir(), "demo --demo-punches=false")
	staffPW := s.demo["staff"]
	if staffPW == "" {
		t.Fatalf("the demo printed no staff password:\n%s", s.stdout.String())
	}

	// The office registers a 取号机 and reads its pairing code.
	office := newBrowser(t, s.base, 1366, 900)
	office.firstLogin(s)
	office.open("/settings/screens")
	office.do("register a kiosk",
		chromedp.SendKeys(chromedp.CSS(`form[action="/settings/screens"] input[name="name"]`), "大厅取号机"),
		chromedp.SetValue(chromedp.CSS(`form[action="/settings/screens"] select[name="kind"]`), "queue_kiosk"),
		chromedp.Click(chromedp.CSS(`form[action="/settings/screens"] button[type="submit"]`)),
	)
	office.waitFor("the pairing code", `document.querySelector(".secret")`, 10*time.Second)
	code := office.text(".secret")
	if !regexp.MustCompile(`^[A-Z0-9]{5}-[A-Z0-9]{5}$`).MatchString(code) {
		t.Fatalf("pairing code %q", code)
	}

	// The kiosk pairs and a citizen touches 综合业务.
	kiosk := newBrowser(t, s.base, 1280, 800)
	kiosk.open("/screen/pair?code=" + code)
	kiosk.do("pair", chromedp.Click(chromedp.CSS(`form[action="/screen/pair"] button[type="submit"]`)))
	kiosk.waitFor("the kiosk's buttons", `location.pathname === "/kiosk/queue" && document.querySelector('button[data-service="A"]:not([disabled])')`, 10*time.Second)
	kiosk.shot("01-kiosk")
	kiosk.do("take a number", chromedp.Click(chromedp.CSS(`button[data-service="A"]`)))
	kiosk.waitFor("the ticket", `document.querySelector("[data-taken]")`, 10*time.Second)
	kiosk.shot("02-ticket")
	number := kiosk.text(".q-k-number")
	if number != "A001" {
		t.Fatalf("the kiosk issued %q", number)
	}
	wantText(t, "kiosk ticket", kiosk.text(".q-slip"), "过号无效，请留意叫号")
	link, _ := eval[string](kiosk, `document.querySelector("[data-link]").dataset.link`)

	// The simulated ticket printer printed it: its picture is on the panel.
	office.open("/sim")
	office.waitFor("the printed ticket on the panel", `[...document.querySelectorAll("[data-receipt] img")].some(i => i.complete && i.naturalWidth > 0)`, 20*time.Second)
	office.shot("02b-panel")

	// 刘芳 at window 2 calls it, then finishes.
	staff := newBrowser(t, s.base, 1366, 900)
	staff.login("staff", staffPW, "/account/password")
	staff.changePassword(staffPW, adminNewPW)
	staff.open("/queue")
	staff.waitFor("the console", `document.querySelector("[data-call]")`, 10*time.Second)
	wantText(t, "console", staff.text(".q-console h2"), "2 号窗口")
	staff.do("call", chromedp.Click(chromedp.CSS(`[data-call]`)))
	staff.waitFor("A001 at the window", `document.querySelector('[data-current="A001"]')`, 10*time.Second)
	staff.shot("03-called")

	citizen := newBrowser(t, s.base, 390, 800)
	citizen.open(strings.TrimPrefix(link, s.base))
	wantText(t, "status page", citizen.text(".q-slip"), "请到 2 号窗口办理")

	staff.do("finish", chromedp.Click(chromedp.CSS(`[data-finish]`)))
	staff.waitFor("the window idle", `document.querySelector(".q-idle")`, 10*time.Second)

	office.open("/queue/stats")
	office.waitFor("the statistics", `document.querySelector("[data-stats-total]")`, 10*time.Second)
	office.shot("04-stats")
	if n, _ := eval[string](office, `document.querySelector("[data-stats-total]").dataset.statsTotal`); n != "1" {
		t.Fatalf("statistics count %s tickets, want 1", n)
	}
	wantText(t, "stats by staff", office.text("main"), "刘芳")
}
