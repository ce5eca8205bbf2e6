package main

// Browser test of the queue (issue #12): the office registers a 取号机,
// a kiosk browser pairs and takes a number, the simulated printer prints
// it (its picture on the 设备模拟 panel), the window's console calls it
// and finishes it — the hall display shows the call within a second over
// its event stream and plays the announcement, the window's own display
// follows — and the statistics count it.

import (
	"fmt"
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

	// The office's browser becomes the hall's TV (one Chromium less on a
	// busy test machine). Sound waits for a touch: 点击开启语音.
	hall := office
	hall.open("/hall")
	hall.waitFor("the hall's stream", `window.bianminHall && window.bianminHall.board !== null`, 10*time.Second)
	wantText(t, "hall display before a touch", hall.text("[data-voice-unlock]"), "点击开启语音")
	hall.do("turn the sound on", chromedp.Click(chromedp.CSS(`[data-voice-unlock]`)))
	if on, _ := eval[bool](hall, `window.bianminHall.unlocked && document.querySelector("[data-voice-unlock]").hidden`); !on {
		t.Error("the hall display still asks for a touch after one")
	}

	// 刘芳 at window 2 calls it, then finishes.
	staff := newBrowser(t, s.base, 1366, 900)
	staff.login("staff", staffPW, "/account/password")
	staff.changePassword(staffPW, adminNewPW)
	staff.open("/queue")
	staff.waitFor("the console", `document.querySelector("[data-call]")`, 10*time.Second)
	wantText(t, "console", staff.text(".q-console h2"), "2 号窗口")
	clickAt, _ := eval[float64](staff, `Date.now()`)
	staff.do("call", chromedp.Click(chromedp.CSS(`[data-call]`)))
	hall.waitFor("A001 on the hall display", `document.querySelector("[data-latest] [data-f=ticket]")?.textContent === "A001"`, 5*time.Second)
	staff.waitFor("A001 at the window", `document.querySelector('[data-current="A001"]')`, 10*time.Second)
	staff.shot("03-called")
	hall.shot("03-hall")
	// Within a second of the click (both browsers read this machine's clock).
	if callAt, _ := eval[float64](hall, `window.bianminHall.callAt`); callAt-clickAt > 1000 || callAt < clickAt {
		t.Errorf("the call reached the hall display %.0f ms after the click, want within 1 s", callAt-clickAt)
	}
	wantText(t, "hall display", hall.text(`[data-windows] [data-window-no="2"]`), "A001")
	wantText(t, "hall display", hall.text("[data-latest]"), "请到 2 号窗口办理")
	// What the page plays: the chime, then the call twice — by speech when
	// the browser has a zh-CN voice, else by the shipped clips, which it
	// fetched and decoded (it records a clip as played only then).
	plan, _ := eval[string](hall, `JSON.stringify(window.bianminHall.plans[window.bianminHall.plans.length-1])`)
	call := "qing A 0 0 1 hao dao 2 hao chuangkou banli"
	var steps []string
	for _, c := range strings.Fields("chime " + call + " pause " + call) {
		if c != "pause" {
			c = "clip:" + c
		}
		steps = append(steps, c)
	}
	clips := `{"mode":"clips","steps":["` + strings.Join(steps, `","`) + `"]}`
	speech := `{"mode":"speech","steps":["clip:chime","say:请 A 0 0 1 号到 2 号窗口办理","say:请 A 0 0 1 号到 2 号窗口办理"]}`
	if plan != clips && plan != speech {
		t.Errorf("the hall display plans %s\nwant %s\n  or %s", plan, clips, speech)
	}
	hall.waitFor("the chime played", `window.bianminHall.played[0] === "clip:chime"`, 10*time.Second)

	citizen := newBrowser(t, s.base, 390, 800)
	citizen.open(strings.TrimPrefix(link, s.base))
	wantText(t, "status page", citizen.text(".q-slip"), "请到 2 号窗口办理")
	// Window 2's own display shows the number it serves, and goes back to
	// waiting when the service is finished.
	citizen.open("/hall/window/2")
	citizen.waitFor("window 2's display", `window.bianminHall && window.bianminHall.board !== null && document.querySelector('[data-state="serving"] [data-f=ticket]')?.textContent === "A001"`, 10*time.Second)

	staff.do("finish", chromedp.Click(chromedp.CSS(`[data-finish]`)))
	citizen.waitFor("window 2 waiting again", `document.querySelector('main[data-state="idle"]')`, 5*time.Second)
	staff.waitFor("the window idle", `document.querySelector(".q-idle")`, 10*time.Second)

	// 办结 armed window 2's satisfaction buttons (issue 14): its display
	// asks for a rating until the citizen presses one.
	prompt := `document.querySelector('[data-f="rate"]')`
	citizen.waitFor("the rating prompt", prompt+`?.checkVisibility() && `+prompt+`.textContent.includes("请对本次服务评价")`, 5*time.Second)
	citizen.shot("04-window-rate-prompt")
	office.open("/sim")
	office.do("press 非常满意 at window 2", chromedp.Click(chromedp.CSS(`#rating tr[data-window="2"] button[data-level="very_satisfied"]`)))
	citizen.waitFor("the prompt gone after the press", `!`+prompt+`.checkVisibility()`, 10*time.Second)

	office.open("/queue/stats")
	office.waitFor("the statistics", `document.querySelector("[data-stats-total]")`, 10*time.Second)
	office.shot("05-stats")
	if n, _ := eval[string](office, `document.querySelector("[data-stats-total]").dataset.statsTotal`); n != "1" {
		t.Fatalf("statistics count %s tickets, want 1", n)
	}
	wantText(t, "stats by staff", office.text("main"), "刘芳")

	// The window console follows the queue without a reload (issue 12): a
	// number taken at the kiosk shows as waiting on the open console.
	staff.open("/queue")
	staff.do("mark the page", chromedp.Evaluate[chromedp.Void](`window.notReloaded = true`))
	waiting, _ := eval[string](staff, `document.querySelector("[data-waiting]").dataset.waiting`)
	kiosk.open("/kiosk/queue")
	kiosk.waitFor("the kiosk's buttons", `document.querySelector('button[data-service="A"]:not([disabled])')`, 10*time.Second)
	kiosk.do("take another number", chromedp.Click(chromedp.CSS(`button[data-service="A"]`)))
	kiosk.waitFor("the second ticket", `document.querySelector("[data-taken]")`, 10*time.Second)
	staff.waitFor("the console shows one more waiting", `window.notReloaded && document.querySelector("[data-waiting]").dataset.waiting !== `+fmt.Sprintf("%q", waiting), 10*time.Second)
	staff.shot("06-console-live")
}
