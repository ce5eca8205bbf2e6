package main

// Browser test of 考勤月历 and 补签: a demo staff member with a missed
// sign-out asks for a remedy from the month page, the office approves it,
// and the month then shows the point as 补 with one missed punch fewer.
// The records pages are then looked at on a phone.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/attendance"
	"bianmin/appliance/calendar"
	"bianmin/embedded"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// lastWorkday is the latest working day before today in loc, by the
// shipped holiday notices.
func lastWorkday(t *testing.T, loc *time.Location) time.Time {
	t.Helper()
	cal, err := calendar.Load(nil, embedded.FS, loc)
	if err != nil {
		t.Fatal(err)
	}
	y, m, d := time.Now().In(loc).Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, loc)
	for range 30 {
		day = day.AddDate(0, 0, -1)
		if cal.IsWorkday(day) {
			return day
		}
	}
	t.Fatal("no working day in the last 30 days")
	return day
}

// missedSignOutCSV is a punch CSV for staffNo on day: on time at three
// points of the standard preset, no afternoon sign-out.
func missedSignOutCSV(t *testing.T, staffNo string, day time.Time) string {
	t.Helper()
	p, _ := attendance.PresetByKey("standard")
	var b strings.Builder
	b.WriteString("staff_no,time\n")
	for point, shift := range map[string]time.Duration{"morning_in": -5 * time.Minute, "morning_out": 3 * time.Minute, "afternoon_in": -4 * time.Minute} {
		due, ok := attendance.PointDue(p, point, day)
		if !ok {
			t.Fatalf("no point %s", point)
		}
		fmt.Fprintf(&b, "%s,%s\n", staffNo, due.Add(shift).Format("2006-01-02 15:04:05"))
	}
	return b.String()
}

func TestBrowserMonthRemedy(t *testing.T) {
	t.Parallel()
	chromiumPath(t)
	dir := t.TempDir()

	// The first start fills the demo data and prints the passwords; the
	// punches are imported while the store is free.
	// Without the demo's generated punches: this test sets 刘芳's month itself.
	s := startServer(t, dir, "demo --demo-punches=false")
	staffPW, adminPW := s.demo["staff"], s.adminPW
	if staffPW == "" || adminPW == "" {
		t.Fatalf("the demo printed no passwords:\n%s", s.stdout.String())
	}
	s.stop(20 * time.Second)
	loc, err := time.LoadLocation(defaultTZ)
	if err != nil {
		t.Fatal(err)
	}
	day := lastWorkday(t, loc)
	month, date := day.Format("2006-01"), day.Format("2006-01-02")
	csv := filepath.Join(t.TempDir(), "punches.csv")
	if err := os.WriteFile(csv, []byte(missedSignOutCSV(t, "QS004", day)), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, errOut, code := cli(t, 30*time.Second, "--data", dir, "import", "punches", csv); code != 0 {
		t.Fatalf("import punches: code %d\n%s\n%s", code, out, errOut)
	}
	s = startServer(t, dir, "demo --demo-punches=false")
	b := newBrowser(t, s.base, 1366, 768)

	// 刘芳 (demo account "staff", QS004) sees the missed sign-out.
	const staffNewPW = "Liufang-2026-ok"
	b.login("staff", staffPW, "/account/password")
	b.changePassword(staffPW, staffNewPW)
	b.open("/attendance/month?m=" + month)
	wantText(t, "month h1", b.text("h1"), "考勤月历")
	wantText(t, "month person", b.text(".month-who"), "刘芳")
	if got := b.text(`[data-total="missed"] .num`); got != "1" {
		t.Fatalf("missed before the remedy = %q, want 1", got)
	}
	b.shot("01-staff-month")
	b.noSideScroll("/attendance/month at 1366×768")

	// The issue row's link opens the remedy form prefilled with the point.
	link := fmt.Sprintf(`a[href*="date=%s"][href*="point=afternoon_out"]`, date)
	b.do("click 申请补签", chromedp.Click(chromedp.CSS(link)))
	b.waitFor("the remedy form", `location.pathname === "/attendance/remedies" && document.querySelector("#f-point")`, 10*time.Second)
	if v, _ := eval[string](b, `document.querySelector("#f-point").value`); v != "afternoon_out" {
		t.Errorf("the point is prefilled as %q, want afternoon_out", v)
	}
	wantText(t, "remedy context", b.text(".scope"), "漏签")
	b.shot("02-remedy-form")
	b.do("file the remedy",
		chromedp.SendKeys(chromedp.CSS("#f-reason"), "指纹机没有识别手指"),
		chromedp.Click(chromedp.CSS(`form[action="/attendance/remedies"] button[type="submit"]`)),
	)
	b.waitFor("the month after the request", `location.pathname === "/attendance/month" && document.querySelector(".flash")`, 10*time.Second)
	wantText(t, "flash", b.text(".flash"), "补签申请已提交")
	wantText(t, "issues", b.text("table.issues"), "补签待审批")
	b.shot("03-remedy-pending")

	// The office approves it.
	b.do("log out", chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)))
	b.waitFor("the login page", `location.pathname === "/login"`, 10*time.Second)
	b.login("admin", adminPW, "/account/password")
	b.changePassword(adminPW, adminNewPW)
	b.open("/attendance/remedies")
	wantText(t, "pending remedies", b.text("table.records"), "刘芳（QS004）")
	b.shot("04-office-remedies")
	b.do("approve", chromedp.Click(chromedp.CSS(`form[action$="/approve"] button`)))
	b.waitFor("the approval", `document.querySelector(".flash")?.textContent.includes("已批准补签")`, 10*time.Second)

	// The staff member's month now shows the point as 补, one missed punch fewer.
	b.do("open 刘芳's month", chromedp.Click(chromedp.CSS(`#decided + .table-wrap a[href^="/attendance/month"]`)))
	b.waitFor("刘芳's month", `location.pathname === "/attendance/month" && document.querySelector(".month-who")`, 10*time.Second)
	wantText(t, "month person (office)", b.text(".month-who"), "刘芳")
	wantText(t, "remedied chip", b.text(".chip-remedied .chip-mark"), "补")
	if got := b.text(`[data-total="missed"] .num`); got != "0" {
		t.Errorf("missed after the approval = %q, want 0", got)
	}
	wantText(t, "issues after approval", b.text("table.issues"), "补签已批准")
	b.shot("05-month-remedied")
	liuMonth, err := eval[string](b, `location.pathname + location.search`)
	if err != nil {
		t.Fatal(err)
	}
	// On paper (A4): no menu, the center's name, the person and the month.
	b.do("print media", emulateMedia("print"))
	wantText(t, "print heading", b.text(".print-only"), "青山镇便民服务中心 · 考勤月历 · 刘芳（QS004）")
	if shown, _ := eval[bool](b, `getComputedStyle(document.getElementById("nav")).display !== "none"`); shown {
		t.Error("the menu is printed")
	}
	b.shot("06-month-print")
	b.do("screen media", emulateMedia(""))

	// The other pages of the area, at 1366×768 and on a phone.
	pages := []string{liuMonth, "/attendance/remedies", "/attendance/objections",
		"/attendance/errands", "/attendance/offpost", "/settings/attendance", "/settings/calendar"}
	for i, page := range pages {
		b.open(page)
		checkPage(t, b, page)
		b.shot(fmt.Sprintf("%02d-wide%s", 10+i, strings.NewReplacer("/", "_", "?", "_", "&", "_", "=", "-").Replace(page)))
	}
	// A mistake on the rules page shows next to its field, in plain words.
	b.open("/settings/attendance")
	b.do("type a grace of 200 minutes",
		chromedp.SetValue(chromedp.CSS("#f-late_grace_minutes"), "200"),
		chromedp.Click(chromedp.CSS(`form.att-settings button[type="submit"]`)),
	)
	b.waitFor("the inline error", `document.querySelector("#ef-late_grace_minutes")`, 10*time.Second)
	wantText(t, "grace error", b.text("#ef-late_grace_minutes"), "宽限须在 0 到 120 分钟之间")
	b.shot("17-settings-error")

	phone := newBrowser(t, s.base, 390, 844)
	phone.name += "-phone"
	phone.do("phone viewport", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	phone.login("admin", adminNewPW, "/")
	for i, page := range pages {
		phone.open(page)
		checkPage(t, phone, page)
		phone.noSideScroll(page)
		phone.shot(fmt.Sprintf("%02d%s", 20+i, strings.NewReplacer("/", "_", "?", "_", "&", "_", "=", "-").Replace(page)))
	}
}

// emulateMedia renders the page for a CSS media type ("print"; "" for
// the screen again).
func emulateMedia(media string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media})
		return err
	})
}

// checkPage fails when the page shows an error instead of its title.
func checkPage(t *testing.T, b *browser, page string) {
	t.Helper()
	if h1 := b.text("h1"); h1 == "" || h1 == "出错了" {
		t.Errorf("%s: h1 %q: %s", page, h1, b.text("main"))
	}
}
