package main

// Browser test of 考核 (issue #14 part 5): the demo's November 2026 is
// published (demo.SeedAssess); an inspector records a quarrel (−10,
// regulation 003 line 283) against 刘芳 on 16 November; 刘芳 sees the
// deduction with its evidence in her month, objects within the window;
// the office upholds the objection and her score is back where it was.

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

func TestBrowserAssessObjection(t *testing.T) {
	t.Parallel()
	chromiumPath(t)
	s := startServer(t, t.TempDir(), "demo --clock 2026-12-03T10:00")
	b := newBrowser(t, s.base, 1366, 768)
	b.firstLogin(s)
	b.logout()
	const month = "/assess/staff/4?m=2026-11" // 刘芳, QS004
	score := func() int {
		t.Helper()
		n, err := strconv.Atoi(strings.TrimSpace(b.text("[data-score-box] [data-score]")))
		if err != nil {
			t.Fatalf("score: %v", err)
		}
		return n
	}

	// 刘芳's month before.
	user, pw := demoLogin(s, "staff")
	b.login(user, pw, "/account/password")
	b.changePassword(pw, adminNewPW)
	b.open(month)
	before := score()
	b.logout()

	// The inspector records a quarrel on 16 November.
	user, pw = demoLogin(s, "inspector")
	b.login(user, pw, "/account/password")
	b.changePassword(pw, adminNewPW)
	b.open("/assess/inspections")
	b.do("record a quarrel",
		chromedp.SetValue(chromedp.CSS("#f-staff"), "4"),
		chromedp.SetValue(chromedp.CSS("#f-date"), "2026-11-16"),
		chromedp.SetValue(chromedp.CSS("#f-time"), "15:20"),
		chromedp.SetValue(chromedp.CSS("#f-item"), "quarrel"),
		chromedp.SendKeys(chromedp.CSS("#f-note"), "与办事群众争吵"),
		chromedp.Click(chromedp.CSS("button[data-record]")))
	b.waitFor("the inspection saved", `document.querySelector(".flash-ok") !== null && location.search.includes("m=2026-11")`, 10*time.Second)
	wantText(t, "inspection list", b.text("main"), "与办事群众争吵")
	b.shot("01-inspections")
	b.logout()

	// 刘芳 sees it with its evidence and objects.
	b.login("staff", adminNewPW, "/")
	b.open(month)
	if got := score(); got != before-10 {
		t.Fatalf("score after the inspection %d, want %d − 10", got, before)
	}
	wantText(t, "deduction row", b.text("[data-deductions]"), "与办事群众争吵")
	wantText(t, "the cite", b.text("[data-deductions]"), "制度文本 003 第 283 行")
	b.shot("02-staff-month")
	b.do("object",
		chromedp.Evaluate[chromedp.Void](`(() => { for (const tr of document.querySelectorAll('tr[data-ref^="inspection/"]')) { if (tr.innerText.includes("与办事群众争吵")) { tr.querySelector("details").open = true; tr.querySelector("textarea").value = "当时群众情绪激动，本人没有争吵"; tr.querySelector("button[data-object]").click(); return } } })()`))
	b.waitFor("the objection filed", `document.querySelector(".flash-ok") !== null`, 10*time.Second)
	wantText(t, "objection pending", b.text("[data-deductions]"), "待处理")
	b.logout()

	// The office upholds it.
	b.login("admin", adminNewPW, "/")
	b.open("/assess/objections")
	b.do("uphold", chromedp.Evaluate[chromedp.Void](`(() => { for (const tr of document.querySelectorAll("tr[data-objection]")) { if (tr.innerText.includes("争吵") && tr.innerText.includes("刘芳")) { tr.querySelector("button[data-uphold]").click(); return } } })()`))
	b.waitFor("upheld", `document.querySelector(".flash-ok") !== null`, 10*time.Second)
	b.shot("03-objections")
	b.open(month)
	if got := score(); got != before {
		t.Errorf("score after the upheld objection %d, want %d", got, before)
	}
	wantText(t, "removed list", b.text("[data-removed]"), "异议成立")
	b.shot("04-staff-month-after")
	b.viewport(390, 844)
	b.open(month)
	b.noSideScroll(month + " at 390 px")
	b.shot("05-staff-month-390")

	// The 考核 pages under the page checker, as the office, on a phone and
	// in English (TestBrowserEveryPage walks them for every role).
	pages := []string{"/assess", "/assess?m=2026-11", month, "/assess/inspections?m=2026-11", "/assess/inspections/1", "/assess/objections", "/assess/ranking?y=2026&q=4", "/assess/year?y=2026", "/assess/catalog", "/help/assess"}
	problems := b.walkPages(pages, "office zh 390×844")
	b.viewport(1366, 768)
	b.do("English", chromedp.Navigate(b.base+"/lang/en?next=/"))
	problems = append(problems, b.walkPages(pages, "office en 1366×768")...)
	for _, p := range problems {
		t.Error(p)
	}
}
