package main

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// simPress selects a person and finger on the 设备模拟 panel and presses.
func (b *browser) simPress(staffID uint64, finger int) {
	b.t.Helper()
	b.open("/sim")
	b.do(fmt.Sprintf("press staff %d finger %d", staffID, finger),
		chromedp.SetValue(chromedp.CSS("#sim-staff"), fmt.Sprint(staffID)),
		chromedp.SetValue(chromedp.CSS("#sim-finger"), fmt.Sprint(finger)),
		chromedp.Click(chromedp.CSS(`form[action="/sim/fingerprint/press"] button[type="submit"]`)),
	)
	b.waitFor("the panel after the press", `location.pathname === "/sim" && document.querySelector(".flash")`, 10*time.Second)
}

// TestBrowserEnrolAndPunch: the office enrols a second finger of 陈明 on the
// simulated sensor (two presses on the panel), the finger is pressed, the
// kiosk shows the punch and 陈明's attendance list has it.
func TestBrowserEnrolAndPunch(t *testing.T) {
	t.Parallel()
	chromiumPath(t)
	s := startServer(t, t.TempDir(), "demo")
	b := newBrowser(t, s.base, 1366, 768)
	b.firstLogin(s)
	b.waitDeviceState("connected")
	const chen = 5 // QS005 陈明 in the demo data

	// Consent, then start the walk-through.
	b.open(fmt.Sprintf("/attendance/enrol/%d", chen))
	wantText(t, "enrolment page", b.text("h1"), "指纹")
	b.do("give consent and start",
		chromedp.Click(chromedp.CSS(`input[name="consent"]`)),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`form[action="/attendance/enrol/%d"] button[type="submit"]`, chen))),
	)
	b.waitFor("the job page asking for the first press", `document.querySelector('li[aria-current="step"]')?.dataset.step === "press_first"`, 10*time.Second)
	b.shot("01-enrol-press-first")
	job, err := eval[string](b, "location.pathname")
	if err != nil {
		t.Fatal(err)
	}
	b.simPress(chen, 2)
	b.open(job)
	b.waitFor("the second press", `document.querySelector('li[aria-current="step"]')?.dataset.step === "press_second"`, 15*time.Second)
	b.simPress(chen, 2)
	b.open(job)
	b.waitFor("enrolment done", `document.body.innerText.includes("第 2 个手指")`, 15*time.Second)
	b.shot("02-enrol-done")

	// The new finger punches; the kiosk shows it.
	b.open("/kiosk/attendance")
	b.waitFor("the kiosk listening", `document.readyState === "complete"`, 5*time.Second)
	time.Sleep(300 * time.Millisecond) // let the kiosk's event stream connect
	b2 := newBrowser(t, s.base, 1366, 768)
	b2.login("admin", adminNewPW, "/")
	b2.simPress(chen, 2)
	b.waitFor("the kiosk to show 陈明", `document.body.innerText.includes("陈明") && document.body.innerText.includes("已记录")`, 10*time.Second)
	b.shot("03-kiosk-punch")

	// 陈明's attendance list shows the punch, from the fingerprint clock.
	b2.open(fmt.Sprintf("/attendance/punches?q=%s", "QS005"))
	b2.waitFor("the punch in the list", `document.querySelector("table") && document.querySelector("table").innerText.includes("陈明")`, 10*time.Second)
	wantText(t, "punch list", b2.text("table"), "指纹")
	b2.shot("04-punch-list")
}
