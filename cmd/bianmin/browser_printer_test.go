package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// printerState is the ticket printer's state on /devices/printer.
func (b *browser) printerState() string {
	b.t.Helper()
	b.open("/devices/printer")
	s, _ := eval[string](b, `document.querySelector('[data-printer-state]')?.dataset.printerState ?? ""`)
	return s
}

func (b *browser) waitPrinterState(want string) {
	b.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for b.printerState() != want {
		if time.Now().After(deadline) {
			b.shot("FAILED-printer-" + want)
			b.t.Fatalf("printer not %q after 15 s", want)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// reloadUntil opens path until predicate holds (up to 15 s).
func (b *browser) reloadUntil(path, what, predicate string) {
	b.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		b.open(path)
		if ok, _ := eval[bool](b, predicate); ok {
			return
		}
		if time.Now().After(deadline) {
			b.shot("FAILED-" + strings.ReplaceAll(what, " ", "-"))
			b.t.Fatalf("waited 15 s for %s at %s", what, path)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// paperToggle clicks the panel's paper button, which must read label.
func (b *browser) paperToggle(label, next string) {
	b.t.Helper()
	b.open("/sim#printer")
	const btn = `[data-paper-toggle]`
	if got := b.text(btn); got != label {
		b.t.Fatalf("/sim paper button reads %q, want %q", got, label)
	}
	b.do("click "+label, chromedp.Click(chromedp.CSS(btn)))
	b.waitFor("the panel to offer "+next, fmt.Sprintf(`document.querySelector(%q)?.textContent.trim() === %q`, btn, next), 10*time.Second)
}

// TestBrowserPrinterPaperOut (issue 12, done when: “Paper out during a
// print: the device page shows it, the job waits, 'paper loaded' prints
// it”): the simulated printer runs out of paper on the 设备模拟 panel; the
// print-job page shows the printer's reason and every page a banner; a
// test page waits in the queue; loading paper prints it, and the panel
// shows the receipt as a picture.
func TestBrowserPrinterPaperOut(t *testing.T) {
	t.Parallel()
	chromiumPath(t)
	s := startServer(t, t.TempDir(), "demo")
	b := newBrowser(t, s.base, 1366, 900)
	b.firstLogin(s)
	b.waitPrinterState("connected")
	b.shot("01-printer-ready")

	b.paperToggle("模拟缺纸", "装纸")
	b.waitPrinterState("error")
	wantText(t, "the printer's reason", b.text("[data-printer-reason]"), "打印机缺纸，请装纸")
	wantText(t, "the banner", b.text(".banner-warn"), "取号打印机")
	b.do("print a test page", chromedp.Click(chromedp.CSS(`form[action="/devices/printer/test"] button`)))
	b.waitFor("the job in the open list", `document.querySelector('[data-jobs="open"] tr[data-job]')`, 10*time.Second)
	time.Sleep(1500 * time.Millisecond) // the worker would have printed it by now if it could
	b.open("/devices/printer")
	if st, _ := eval[string](b, `document.querySelector('[data-jobs="open"] tr[data-job]')?.dataset.state ?? ""`); st != "queued" {
		t.Fatalf("the job is %q while the paper is out, want queued", st)
	}
	b.shot("02-paper-out-job-waits")
	b.open("/")
	wantText(t, "the banner on the home page", b.text(".banner-warn"), "打印机缺纸")

	b.paperToggle("装纸", "模拟缺纸")
	b.reloadUntil("/devices/printer", "the job printed", `!document.querySelector('[data-jobs="open"]') && !!document.querySelector('[data-jobs="all"] tr[data-state="done"]')`)
	b.shot("03-printed")
	b.open("/sim#printer")
	b.waitFor("the receipt's picture", `(() => { const i = document.querySelector('[data-receipt] img'); return i && i.complete && i.naturalWidth > 0 })()`, 10*time.Second)
	b.shot("04-sim-receipt")
	if banner := b.text(".banner-warn"); strings.Contains(banner, "取号打印机") {
		t.Errorf("the printer banner stays after the paper was loaded: %q", banner)
	}

	// The cable, on the panel's device table: unplugged, the page says so
	// in the user's words; plugged back, the printer is ready again.
	unplug := func(label, next string) {
		b.open("/sim")
		btn := `tr[data-sim="printer"] button`
		if got := b.text(btn); got != label {
			t.Fatalf("/sim printer button reads %q, want %q", got, label)
		}
		b.do("click "+label, chromedp.Click(chromedp.CSS(btn)))
		b.waitFor("the panel to offer "+next, fmt.Sprintf(`document.querySelector(%q)?.textContent.trim() === %q`, btn, next), 10*time.Second)
	}
	unplug("拔出", "插回")
	b.waitPrinterState("reconnecting")
	wantText(t, "the unplugged printer's reason", b.text("[data-printer-reason]"), "设备没有接上或已拔出")
	b.shot("05-unplugged")
	unplug("插回", "拔出")
	b.waitPrinterState("connected")

	// The printer page follows the printer without a reload (issue 12): the
	// panel, in another browser, takes the paper out and puts it back.
	panel := newBrowser(t, s.base, 1366, 900)
	panel.name += "-panel"
	panel.login("admin", adminNewPW, "/")
	b.open("/devices/printer")
	b.do("mark the page", chromedp.Evaluate[chromedp.Void](`window.notReloaded = true`))
	panel.paperToggle("模拟缺纸", "装纸")
	b.waitFor("paper out on the open page", `window.notReloaded && document.querySelector('[data-printer-state="error"]') && (document.querySelector("[data-printer-reason]")?.textContent ?? "").includes("缺纸")`, 10*time.Second)
	panel.paperToggle("装纸", "模拟缺纸")
	b.waitFor("ready again on the open page", `window.notReloaded && document.querySelector('[data-printer-state="connected"]')`, 10*time.Second)

	// On a phone the pages fit the screen (the device path wraps).
	b.viewport(390, 844)
	for _, p := range []string{"/devices/printer", "/sim"} {
		b.open(p)
		b.noSideScroll(p + " at 390×844")
	}
}
