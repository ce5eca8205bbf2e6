package main

// Browser tests of 请假 (issue #11): a 2-day personal leave walks through
// preset A with an attached scan, a named substitute punches in (the
// simulated fingerprint) before the leaver punches out, then 销假; and a
// second leave whose leaver punches out first, which the dashboard shows
// at once as an uncovered window. The demo runs on its --clock so that the
// leave starts on a working afternoon whatever day the test runs.

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Demo staff ids (appliance/demo creates them in this order).
const (
	demoLiu     = 4                  // QS004 刘芳, window 2, the staff account
	demoZhao    = 7                  // QS007 赵强, window 4 lead
	demoHuang   = 8                  // QS008 黄敏, window 4
	demoLuo     = 20                 // QS020 罗桂芳, no window
	leaveClock1 = "2026-03-10T13:40" // a Tuesday; the afternoon starts at 14:00 (standard preset, winter)
	leaveClock2 = "2026-03-12T14:10" // two days later: 刘芳 is back
)

// scanFile writes a small JPEG (a scanned slip as the sensor of a phone
// would send it: its magic bytes are what the box checks).
func scanFile(t *testing.T, name string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	data := append([]byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F', 0}, make([]byte, 2048)...)
	if err := os.WriteFile(p, append(data, 0xFF, 0xD9), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// pressAndWait presses the person's finger on the simulated sensor and
// waits until the clock has recorded the punch (the punch list shows it),
// so that the order of presses is the order of punches.
func (b *browser) pressAndWait(staffID uint64, staffNo, name string) {
	b.t.Helper()
	b.simPress(staffID, 1)
	deadline := time.Now().Add(15 * time.Second)
	for {
		b.open("/attendance/punches?q=" + staffNo)
		if ok, _ := eval[bool](b, fmt.Sprintf(`!!document.querySelector("table") && document.querySelector("table").innerText.includes(%q)`, name)); ok {
			return
		}
		if time.Now().After(deadline) {
			b.shot("FAILED-punch-" + staffNo)
			b.t.Fatalf("the punch of %s was not recorded within 15 s", name)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// leaveID is the id in the leave page's path.
func (b *browser) leaveID() uint64 {
	b.t.Helper()
	loc, err := eval[string](b, "location.pathname")
	if err != nil {
		b.t.Fatal(err)
	}
	m := regexp.MustCompile(`^/leave/(\d+)$`).FindStringSubmatch(loc)
	if m == nil {
		b.t.Fatalf("not on a leave page: %s", loc)
	}
	id, _ := strconv.ParseUint(m[1], 10, 64)
	return id
}

// fileLeave fills the request form and submits it; the office picks the
// person (staffID != 0).
func (b *browser) fileLeave(staffID uint64, start, startTime, end, endTime, reason string, substitute uint64, scan string) uint64 {
	b.t.Helper()
	b.open("/leave/new")
	steps := []chromedp.Action[chromedp.Void]{
		chromedp.SetValue(chromedp.CSS("#f-type"), "personal"),
		chromedp.SetValue(chromedp.CSS("#f-start_date"), start),
		chromedp.SetValue(chromedp.CSS(`select[name="start_time"]`), startTime),
		chromedp.SetValue(chromedp.CSS("#f-end_date"), end),
		chromedp.SetValue(chromedp.CSS(`select[name="end_time"]`), endTime),
		chromedp.SendKeys(chromedp.CSS("#f-reason"), reason),
		chromedp.SetValue(chromedp.CSS("#f-substitute"), fmt.Sprint(substitute)),
	}
	if staffID != 0 {
		steps = append([]chromedp.Action[chromedp.Void]{chromedp.SetValue(chromedp.CSS("#f-staff"), fmt.Sprint(staffID))}, steps...)
	}
	if scan != "" {
		steps = append(steps, chromedp.SetUploadFiles(chromedp.CSS("#f-files"), []string{scan}))
	}
	steps = append(steps, chromedp.Click(chromedp.CSS(`form[action="/leave"] button[type="submit"]`)))
	b.do("file the leave", steps...)
	b.waitFor("the leave's page", `/^\/leave\/\d+$/.test(location.pathname)`, 10*time.Second)
	return b.leaveID()
}

// actStep completes the leave's next step on its page (with the slip's
// scan for an outside step).
func (b *browser) actStep(id uint64, scan string) {
	b.t.Helper()
	b.open(fmt.Sprintf("/leave/%d", id))
	steps := []chromedp.Action[chromedp.Void]{}
	if scan != "" {
		steps = append(steps, chromedp.SetUploadFiles(chromedp.CSS("#f-scan"), []string{scan}))
	}
	steps = append(steps, chromedp.Click(chromedp.CSS(`#act button[type="submit"]`)))
	b.do(fmt.Sprintf("act on leave %d", id), steps...)
	b.waitFor("the step done", `document.querySelector(".flash-ok")`, 10*time.Second)
}

func TestBrowserLeaveHandover(t *testing.T) {
	t.Parallel()
	chromiumPath(t)
	dir := t.TempDir()
	s := startServer(t, dir, "demo --demo-punches=false --clock "+leaveClock1)
	staffPW := s.demo["staff"]
	if staffPW == "" {
		t.Fatalf("the demo printed no staff password:\n%s", s.stdout.String())
	}
	scan := scanFile(t, "单位请假条.jpg")

	// 刘芳 asks for two days from 14:00 today, 罗桂芳 to stand in, the
	// unit's slip attached.
	staff := newBrowser(t, s.base, 1366, 768)
	staff.login("staff", staffPW, "/account/password")
	staff.changePassword(staffPW, adminNewPW)
	id := staff.fileLeave(0, "2026-03-10", "14:00", "2026-03-12", "14:00", "回老家办理房产手续", demoLuo, scan)
	staff.shot("01-filed")
	wantText(t, "filed: length", staff.text(".facts"), "2 个工作日（14 小时）")
	wantText(t, "filed: trail", staff.text("#trail + .table-wrap"), "所在单位")
	wantText(t, "filed: trail", staff.text("#trail + .table-wrap"), "中心办公室")
	wantText(t, "filed: where it stands", staff.text(".leave-status"), "待所在单位领导签字盖章")
	wantText(t, "filed: the scan", staff.text("ul.files"), "单位请假条.jpg")

	// The office records the unit's signed slip (its scan), then approves
	// and so registers the substitute (regulation 000 line 89).
	office := newBrowser(t, s.base, 1366, 768)
	office.firstLogin(s)
	office.open("/leave")
	wantText(t, "office queue", office.text("#queue + .table-wrap"), "刘芳（QS004）")
	office.shot("02-office-queue")
	office.actStep(id, scan)
	wantText(t, "after the unit's slip", office.text(".leave-status"), "待中心办公室批准")
	office.actStep(id, "")
	wantText(t, "approved", office.text(".leave-status"), "已批准")
	wantText(t, "substitute registered", office.text(".facts"), "罗桂芳（QS020）")
	office.shot("03-approved")

	// A second leave from 14:00, filed by the office for 赵强 with 黄敏.
	id2 := office.fileLeave(demoZhao, "2026-03-10", "14:00", "2026-03-11", "14:00", "到县里开会", demoHuang, "")
	office.actStep(id2, "")
	wantText(t, "second approved", office.text(".leave-status"), "已批准")

	// Before 14:00: 罗桂芳 punches in, then 刘芳 punches out (covered); 赵强
	// punches out before 黄敏 arrives (uncovered).
	office.waitDeviceState("connected")
	office.pressAndWait(demoLuo, "QS020", "罗桂芳")
	office.pressAndWait(demoLiu, "QS004", "刘芳")
	office.pressAndWait(demoZhao, "QS007", "赵强")
	office.open("/")
	office.waitFor("the uncovered window on the dashboard", `document.querySelector('[data-alert="handover-uncovered"]')`, 10*time.Second)
	wantText(t, "uncovered banner", office.text(`[data-alert="handover-uncovered"]`), "空岗")
	wantText(t, "uncovered banner", office.text(`[data-alert="handover-uncovered"]`), "赵强")
	wantText(t, "handovers", office.text(`[data-panel="handovers"]`), "罗桂芳 已于")
	office.shot("04-dashboard-uncovered")
	office.pressAndWait(demoHuang, "QS008", "黄敏")
	office.open("/")
	wantText(t, "still uncovered after 黄敏 came (赵强 left first)", office.text(`[data-alert="handover-uncovered"]`), "赵强")
	office.open(fmt.Sprintf("/leave/%d", id))
	wantText(t, "the leave's handover", office.text(".banner-ok"), "到岗签到")

	// Two days later 刘芳 is back: 销假 at 14:00, on time.
	s.stop(20 * time.Second)
	s = startServer(t, dir, "demo --demo-punches=false --clock "+leaveClock2)
	back := newBrowser(t, s.base, 390, 844)
	back.do("phone viewport", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	back.login("staff", adminNewPW, "/")
	back.open(fmt.Sprintf("/leave/%d", id))
	back.noSideScroll("the leave on a phone")
	back.do("销假",
		chromedp.SetValue(chromedp.CSS("#f-returned_date"), "2026-03-12"),
		chromedp.SetValue(chromedp.CSS(`input[name="returned_time"]`), "14:00"),
		chromedp.Click(chromedp.CSS(`#close button[type="submit"]`)),
	)
	back.waitFor("closed", `document.querySelector(".flash-ok")`, 10*time.Second)
	wantText(t, "closed", back.text(".leave-status"), "已销假")
	if txt := back.text(".facts"); regexp.MustCompile(`超假`).MatchString(txt) {
		t.Errorf("closed on time shows an overstay: %q", txt)
	}
	back.shot("05-closed-phone")
}

// TestBrowserLeavePages walks the 请假 pages as the staff member, the
// office, the deputy director and the director, on a 1366-wide screen and
// on a 390-wide phone: every page shows its title, no raw locale key, and
// nothing scrolls sideways. The demo's leave (a closed one, one to close,
// pending at the unit, rejected, at the county, half a day approved) gives
// each page something to show.
func TestBrowserLeavePages(t *testing.T) {
	t.Parallel()
	chromiumPath(t)
	s := startServer(t, t.TempDir(), "demo")
	roles := []struct {
		user  string
		pages []string
	}{
		{"staff", []string{"/", "/leave", "/leave/new"}},
		{"admin", []string{"/", "/leave", "/leave/new", "/leave/3", "/leave/2", "/leave/5", "/leave/register", "/settings/leave"}},
		{"deputy", []string{"/", "/leave", "/leave/5", "/leave/register", "/settings/leave"}},
		{"director", []string{"/", "/leave", "/leave/1", "/leave/register"}},
	}
	for _, r := range roles {
		pw := s.demo[r.user]
		if r.user == "admin" {
			pw = s.adminPW
		}
		for _, w := range []struct{ width, height int }{{1366, 768}, {390, 844}} {
			b := newBrowser(t, s.base, w.width, w.height)
			b.name += fmt.Sprintf("-%s-%d", r.user, w.width)
			if w.width < 500 {
				b.do("phone viewport", chromedp.EmulateViewport(int64(w.width), int64(w.height), chromedp.EmulateMobile))
			}
			if w.width == 1366 {
				b.login(r.user, pw, "/account/password")
				b.changePassword(pw, adminNewPW)
			} else {
				b.login(r.user, adminNewPW, "/")
			}
			for i, page := range r.pages {
				b.open(page)
				checkPage(t, b, page)
				b.noSideScroll(fmt.Sprintf("%s as %s at %d", page, r.user, w.width))
				if raw := b.text("main"); regexp.MustCompile(`\bleave\.[a-z_]+\.[a-z_]+`).MatchString(raw) {
					t.Errorf("%s as %s shows a raw locale key: %s", page, r.user, regexp.MustCompile(`\bleave\.[a-z_.]+`).FindString(raw))
				}
				b.shot(fmt.Sprintf("%02d%s", i+1, strings.NewReplacer("/", "_", "?", "_").Replace(page)))
			}
		}
	}
}
