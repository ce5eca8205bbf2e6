package main

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserAuditLog: the audit log in real Chromium at 1366×768 and on a
// 390×844 phone — the newest page of the demo's log in words, the next
// page and back, a search by person and action, a search by date that
// finds nothing, and the pairing page for a screen — with no sideways
// scroll and screenshots of each ($BIANMIN_SCREENSHOTS).
func TestBrowserAuditLog(t *testing.T) {
	t.Parallel()
	chromiumPath(t)
	s := startServer(t, t.TempDir(), "demo")
	for i, size := range [][2]int{{1366, 768}, {390, 844}} {
		b := newBrowser(t, s.base, size[0], size[1])
		b.name += fmt.Sprintf("-%dx%d", size[0], size[1])
		if size[0] < 500 {
			b.do("phone viewport", chromedp.EmulateViewport(int64(size[0]), int64(size[1]), chromedp.EmulateMobile))
		}
		if i == 0 {
			b.firstLogin(s)
		} else {
			b.login("admin", adminNewPW, "/")
		}
		rows := `document.querySelectorAll("table.audit tbody tr").length`

		b.open("/audit")
		b.waitFor("the newest page", rows+" === 50", 10*time.Second)
		wantText(t, "the newest page", b.text("table.audit tbody"), "录入指纹")
		wantText(t, "the newest page", b.text(".audit-proof"), "当前链头")
		b.noSideScroll("/audit")
		b.shot("01-audit-newest")

		first := b.text("table.audit tbody tr:first-child")
		b.do("older", chromedp.Click(chromedp.CSS(`.pager a[rel="next"]`)))
		b.waitFor("the older page", `location.search.includes("older=") && document.querySelector('.pager a[rel="prev"]')`, 10*time.Second)
		if b.text("table.audit tbody tr:first-child") == first {
			t.Errorf("%dx%d: the older page starts with the newest page's entry", size[0], size[1])
		}
		b.noSideScroll("/audit older")
		b.shot("02-audit-older")
		b.do("newer", chromedp.Click(chromedp.CSS(`.pager a[rel="prev"]`)))
		b.waitFor("back to the newest", `location.search.includes("newer=")`, 10*time.Second)
		if got := b.text("table.audit tbody tr:first-child"); got != first {
			t.Errorf("%dx%d: back on the newest page, the first entry is %q, want %q", size[0], size[1], got, first)
		}

		// By person and action: the demo's staff, created by the system.
		b.do("search",
			chromedp.SetValue(chromedp.CSS("#f-person"), "system:demo"),
			chromedp.SetValue(chromedp.CSS("#f-action"), "staff.create"),
			chromedp.Click(chromedp.CSS(`form.filters button[type="submit"]`)),
		)
		b.waitFor("the search's results", `location.search.includes("action=staff.create")`, 10*time.Second)
		n, err := eval[int](b, rows)
		if err != nil || n == 0 {
			t.Fatalf("%dx%d: search by person and action found %d rows (%v)", size[0], size[1], n, err)
		}
		others, _ := eval[int](b, `[...document.querySelectorAll("table.audit tbody tr td:nth-child(3)")].filter(td => !td.textContent.includes("新增人员")).length`)
		if others != 0 {
			t.Errorf("%dx%d: %d rows of other actions in a search for 新增人员", size[0], size[1], others)
		}
		wantText(t, "a staff member's creation", b.text("table.audit tbody tr:first-child .changes"), "工号")
		b.noSideScroll("/audit search")
		b.shot("03-audit-search")

		// A date with nothing: the empty state, and the way back.
		b.open("/audit?from=2001-01-01&to=2001-01-02")
		wantText(t, "an empty search", b.text("main .empty"), "没有符合条件的记录")
		b.shot("04-audit-empty")
		b.open("/audit?from=2026-02-30")
		wantText(t, "a date that does not exist", b.text("#e-from"), "没有 2026-02-30 这一天")
		b.noSideScroll("/audit bad date")
		b.shot("05-audit-bad-date")

		b.open("/settings/screens")
		b.noSideScroll("/settings/screens")
		b.shot("06-screens")
		b.do("register a screen",
			chromedp.SendKeys(chromedp.CSS("#f-name"), fmt.Sprintf("大厅叫号屏 %d", i+1)),
			chromedp.SetValue(chromedp.CSS("#f-kind"), "hall_display"),
			chromedp.Click(chromedp.CSS(`form[action="/settings/screens"] button[type="submit"]`)),
		)
		b.waitFor("the pairing code", `document.querySelector(".pairing .secret") && document.querySelector(".pairing img.qr")`, 10*time.Second)
		b.noSideScroll("/settings/screens with a code")
		b.shot("07-screens-code")
	}
}
