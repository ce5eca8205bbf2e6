package main

// Browser test of 评价 (issue #14): a service at window 1 is finished on
// the demo panel (the queue's finish arms the window once it is wired; the
// panel arms through rating.Service.ArmWindow meanwhile), 非常不满意 is
// pressed on the panel's buttons, and the 差评 follow-up opens with its
// due date 5 working days on; then 王建国 is named 最不满意人员 in three
// monthly appraisals (the office's own appraisal recorded on the box), is
// flagged, and the flag shows in 民政办's letter of the monthly summary
// (regulation 001 line 229).

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/calendar"
	"bianmin/embedded"

	"github.com/chromedp/chromedp"
)

func TestBrowserRatingFollowUpAndFlag(t *testing.T) {
	t.Parallel()
	chromiumPath(t)
	s := startServer(t, t.TempDir(), "demo")
	b := newBrowser(t, s.base, 1366, 768)
	b.firstLogin(s)

	// The demo has 差评 of its own: this test's follow-up is the one
	// opened after the press (the list is newest first by number).
	b.open("/rating/followups")
	before, err := eval[int](b, `Math.max(0, ...[...document.querySelectorAll("tr[data-followup]")].map(r => +r.dataset.followup))`)
	if err != nil {
		t.Fatal(err)
	}

	// Finish a service at window 1 and press 非常不满意.
	b.open("/sim")
	b.do("finish a service at window 1", chromedp.Click(chromedp.CSS(`button[data-serve="1"]`)))
	b.waitFor("window 1 armed", `document.querySelector('tr[data-window="1"] .tag-warn') !== null`, 10*time.Second)
	wantText(t, "armed for 王建国", b.text(`tr[data-window="1"]`), "王建国")
	pressed := time.Now()
	b.do("press 非常不满意", chromedp.Click(chromedp.CSS(`tr[data-window="1"] button[data-level="very_dissatisfied"]`)))
	b.waitFor("the press", `(document.querySelector(".flash-ok")?.textContent ?? "").includes("已按键")`, 10*time.Second)
	b.shot("01-panel")

	// The rating settles after 1 s; the follow-up is open with its due date.
	loc, _ := time.LoadLocation("Asia/Shanghai")
	cal, err := calendar.Load(nil, embedded.FS, loc)
	if err != nil {
		t.Fatal(err)
	}
	due := cal.AddWorkdays(pressed.In(loc), 5)
	deadline := time.Now().Add(10 * time.Second)
	own := ""
	for own == "" {
		b.open("/rating/followups")
		seq, _ := eval[int](b, `Math.max(0, ...[...document.querySelectorAll("tr[data-followup]")].map(r => +r.dataset.followup))`)
		if seq > before {
			own = fmt.Sprintf(`tr[data-followup="%d"]`, seq)
		} else if time.Now().After(deadline) {
			t.Fatalf("no follow-up after the press in 10 s (newest is still %d):\n%s", before, b.text("main"))
		} else {
			time.Sleep(300 * time.Millisecond)
		}
	}
	row := b.text(own)
	wantText(t, "follow-up row", row, "王建国")
	wantText(t, "follow-up row", row, "非常不满意")
	wantText(t, "follow-up due", b.text(own+" [data-due]"), fmt.Sprintf("%d年%d月%d日", due.Year(), int(due.Month()), due.Day()))
	b.shot("02-followups")
	b.do("open the follow-up", chromedp.Click(chromedp.CSS(own+" a")))
	b.waitFor("the follow-up page", `document.querySelector("[data-state]") !== null`, 10*time.Second)
	wantText(t, "state", b.text("[data-state]"), "待回访或核实")
	wantText(t, "verification form (no contact left)", b.text("main"), "核实")
	b.shot("03-followup")
	b.open("/rating")
	wantText(t, "rating list", b.text("main"), "非常不满意")

	// The office appraises by its own rule: 王建国 in September, October
	// and November.
	b.open("/settings/rating")
	b.do("rule: the office's appraisal",
		chromedp.SetValue(chromedp.CSS("#f-rule"), "office"),
		chromedp.Click(chromedp.CSS(`form[action="/settings/rating"] button[type="submit"]`)))
	b.waitFor("saved", `location.pathname === "/settings/rating" && document.querySelector(".flash-ok") !== null`, 10*time.Second)
	for i, period := range []string{"2026-09", "2026-10", "2026-11"} {
		b.open("/rating/appraisals")
		b.do("appraise "+period,
			chromedp.SetValue(chromedp.CSS("#f-period"), period),
			chromedp.Click(chromedp.CSS(`input[name="staff"][value="1"]`)),
			chromedp.SendKeys(chromedp.CSS("#f-note"), "中心月度评议会"),
			chromedp.Click(chromedp.CSS(`form[action="/rating/appraisals"] button[type="submit"]`)))
		b.waitFor("appraised "+period, fmt.Sprintf(`document.querySelector('tr[data-period=%q]') !== null`, period), 10*time.Second)
		flagged, _ := eval[bool](b, `document.querySelector('tr[data-flag="王建国"]') !== null`)
		if want := i == 2; flagged != want {
			t.Fatalf("after %s flagged = %v, want %v", period, flagged, want)
		}
	}
	wantText(t, "flag", b.text(`tr[data-flag="王建国"]`), "退回原单位")
	b.shot("04-flagged")
	b.open("/")
	wantText(t, "home alert", b.text(`[data-alert="rating-flag"]`), "王建国")

	// November's monthly summary: 民政办's letter names the flag.
	b.open("/reports")
	b.do("generate November",
		chromedp.SetValue(chromedp.CSS("#g-month"), "2026-11"),
		chromedp.Click(chromedp.CSS(`#g-month ~ button[type="submit"]`)))
	b.waitFor("the draft under way", `location.hash.startsWith("#d-")`, 20*time.Second)
	deadline = time.Now().Add(60 * time.Second)
	for {
		b.open("/reports")
		if ok, _ := eval[bool](b, `!!document.querySelector('a[href^="/reports/d-"]')`); ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no draft of November after 60 s:\n%s", b.text("main"))
		}
		time.Sleep(500 * time.Millisecond)
	}
	b.do("open the draft", chromedp.Click(chromedp.CSS(`a[href^="/reports/d-"]`)))
	b.waitFor("the draft", `document.querySelector(".report-letter") !== null`, 30*time.Second)
	letters, err := eval[[]string](b, `[...document.querySelectorAll(".report-letter")].map(e => e.innerText)`)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, l := range letters {
		if strings.Contains(l, "民政办") && strings.Contains(l, "王建国") && strings.Contains(l, "被评为最不满意人员 3 次") && strings.Contains(l, "退回原单位") {
			found = true
		}
	}
	if !found {
		t.Errorf("no letter to 民政办 names 王建国's flag; letters:\n%s", strings.Join(letters, "\n---\n"))
	}
	b.shot("05-letter")
}
