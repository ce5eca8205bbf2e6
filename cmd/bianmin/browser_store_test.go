package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/store"

	"github.com/chromedp/chromedp"
)

// TestBrowserStorePages: the 设备 page's database section (state, last
// structure check, space, reserve, the last backup with its hash and audit
// head), the import pages, and — after 16 KB of the database are zeroed —
// the damaged store as people see it: a red banner on every page and the
// login page, the cause and the restore steps on 设备, at 1366×768 and on a
// 390×844 phone without sideways scrolling.
func TestBrowserStorePages(t *testing.T) {
	t.Parallel()
	chromiumPath(t)
	dir := t.TempDir()
	s := startServer(t, dir, "demo")
	b := newBrowser(t, s.base, 1366, 768)
	b.firstLogin(s)

	var csv strings.Builder
	csv.WriteString("staff_no,time\n")
	for i := range 1200 {
		fmt.Fprintf(&csv, "QS%03d,2024-03-%02d %02d:%02d\n", 1+i%20, 1+i/60%28, 8+i%4*3, i%60)
	}
	file := filepath.Join(t.TempDir(), "attlog.csv")
	os.WriteFile(file, []byte(csv.String()), 0o600)
	if out, errOut, code := cli(t, time.Minute, "--data", dir, "import", "punches", file); code != 0 {
		t.Fatalf("import: exit %d\n%s%s", code, out, errOut)
	}
	if out, errOut, code := cli(t, time.Minute, "--data", dir, "backup", filepath.Join(t.TempDir(), "b.db")); code != 0 {
		t.Fatalf("backup: exit %d\n%s%s", code, out, errOut)
	}

	b.open("/devices")
	b.waitFor("the 设备 page", `document.querySelector("[data-store-state]")`, 10*time.Second)
	facts := b.text("main")
	for _, want := range []string{"数据库", "最近一次结构检查", "存储空间", "打卡备用空间", "最近一次成功备份", "cli:root（本机命令行）", "SHA-256", "日志链头", "如何用备份恢复"} {
		wantText(t, "设备 page", facts, want)
	}
	b.shot("01-devices")
	b.open("/settings/imports")
	wantText(t, "imports list", b.text("main"), "已完成")
	b.shot("02-imports")
	b.open("/settings/imports/1")
	wantText(t, "import page", b.text("main"), "读取 1200 条，已写入 1200 条")
	b.shot("03-import-job")
	b.open("/attendance/punches/import")
	b.shot("04-punch-import-form")

	phone := newBrowser(t, s.base, 390, 844)
	phone.do("phone viewport", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	phone.login("admin", adminNewPW, "/")
	for i, page := range []string{"/devices", "/settings/imports", "/settings/imports/1", "/attendance/punches/import"} {
		phone.open(page)
		phone.noSideScroll(page)
		phone.shot(fmt.Sprintf("p%d-phone%s", i+1, strings.ReplaceAll(page, "/", "_")))
	}

	// Damage the file while the demo is stopped; the next start finds it.
	s.stop(10 * time.Second)
	zero16K(t, filepath.Join(dir, store.FileName))
	s2 := startProc(t, "--data", dir, "demo", "--addr", s.addr, "--log-level", "warn", "--store-check-after", "0")
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if s2.exited() {
			t.Skipf("the quick check refused the file at start (exit 4): the damaged page is not reachable this time")
		}
		if r, err := newClient(t, s.base).do("GET", "/readyz", nil); err == nil && strings.Contains(r.body, "store damaged") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the damage was not found within 30 s")
		}
	}
	b.open("/devices")
	b.waitFor("the damaged 设备 page", `document.querySelector('[data-store-state="damaged"]')`, 10*time.Second)
	main := b.text("main")
	for _, want := range []string{"数据库文件已损坏", "已损坏", "sudo systemctl stop bianmin", "sudo bianmin restore"} {
		wantText(t, "damaged 设备 page", main, want)
	}
	b.shot("05-devices-damaged")
	b.open("/")
	wantText(t, "banner on the home page", b.text("[data-store-alert]"), "数据库文件已损坏")
	b.shot("06-home-damaged")

	phone.open("/devices")
	phone.waitFor("the damaged 设备 page on the phone", `document.querySelector('[data-store-state="damaged"]')`, 10*time.Second)
	phone.noSideScroll("/devices damaged")
	phone.shot("08-phone-devices-damaged")
	phone.do("log out", chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)))
	phone.waitFor("the login page after logging out", `location.pathname === "/login" && document.querySelector("[data-store-alert]")`, 10*time.Second)
	wantText(t, "banner on the login page", phone.text("[data-store-alert]"), "数据库文件已损坏")
	phone.noSideScroll("/login damaged")
	phone.shot("07-phone-login-damaged")
	s2.stop(10 * time.Second)
}
