package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/attendance"
	"bianmin/appliance/calendar"
	"bianmin/appliance/county"
	"bianmin/appliance/demo"
	"bianmin/appliance/intake"
	"bianmin/appliance/leave"
	"bianmin/appliance/rating"
	"bianmin/appliance/schema"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
	"bianmin/cmd/internal/browsertest"
	"bianmin/embedded"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"
	"golang.org/x/crypto/bcrypt"
)

var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}()

// boxMonth is a box's own judgement of a month, per staff member.
type boxMonth map[uint64]attendance.StaffMonth

// seedTownship fills a box's store as the appliance's domains do for a
// township hall with 60 staff: the demo center (appliance/demo) and 39
// more people, five weeks of punches before now, leave, ratings, a day of
// queue tickets and a few cases — every write with its outbox entry. It
// returns the box's own judgement of month (attendance.BuildMonthDB).
func seedTownship(t *testing.T, dir string, now time.Time, seed uint64, year int, month time.Month) boxMonth {
	t.Helper()
	db, err := store.Open(dir, store.Options{Reserve: -1, MinFree: -1, Migrations: schema.Migrations(), Location: shanghai,
		Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	accts := account.New(db, account.Options{BcryptCost: bcrypt.MinCost})
	from := demo.From(now, shanghai)
	if _, err := demo.Seed(db, accts, from, now); err != nil {
		t.Fatal(err)
	}
	reg := staff.New(db)
	units, err := reg.Units()
	if err != nil {
		t.Fatal(err)
	}
	surnames, given := []rune("赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许"), []string{"建华", "秀兰", "志强", "海燕", "国平", "丽娟", "春生", "晓梅"}
	if err := db.Update("test", func(tx *store.Tx) error {
		for i := range 39 {
			_, err := staff.CreateStaffTx(tx, staff.Staff{StaffNo: fmt.Sprintf("QX%03d", i+1),
				Name: string(surnames[(i+int(seed))%len(surnames)]) + given[i%len(given)], UnitID: units[i%len(units)].ID,
				Post: staff.PostA, Position: staff.PositionStaff, StartDate: from.Format(store.DateLayout)})
			if err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	cal, err := calendar.Load(nil, embedded.FS, shanghai)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.SeedPunches(db, cal, shanghai, now, seed); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.SeedLeave(leave.New(db).WithSchedule(attendance.LeaveScheduleFunc(cal)), reg, cal, shanghai, now); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.SeedRatings(rating.New(db, cal), cal, shanghai, now, seed); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.SeedQueueDay(db, now, shanghai, seed); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.SeedIntake(intake.New(db, cal), reg); err != nil {
		t.Fatal(err)
	}
	people, err := reg.ListStaff(staff.Filter{IncludeInactive: true})
	if err != nil || len(people) != 60 {
		t.Fatalf("the township has %d staff (%v), want 60", len(people), err)
	}
	preset, _ := attendance.PresetByKey(attendance.DefaultPresetKey)
	months, err := attendance.BuildMonthDB(db, attendance.MonthOptions{Year: year, Month: month, Preset: preset, Location: shanghai, Calendar: cal})
	if err != nil {
		t.Fatal(err)
	}
	out := boxMonth{}
	for _, m := range months {
		out[m.Staff.ID] = m
	}
	return out
}

// Issue 16, Done when 1: three simulated boxes (a month of data for 60
// staff each) send their batches to countyd serve; countyd's roll-ups,
// computed as the batches arrived, equal each box's own judgement of the
// month person by person; a browser walks overview → township → unit →
// person → day, exports the XLSX (read back) and the county report PDF
// (pdftotext).
func TestThreeTownshipsMonth(t *testing.T) {
	if testing.Short() {
		t.Skip("a month of three townships (-short)")
	}
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, shanghai)
	countyDir := t.TempDir()
	names := []string{"城关镇", "青山镇", "石桥乡"}
	boxDirs := make([]string, len(names))
	own := make([]boxMonth, len(names))
	for i, name := range names {
		boxDirs[i] = t.TempDir()
		own[i] = seedTownship(t, boxDirs[i], now, uint64(i+1), 2026, time.November)
		registerBox(t, boxDirs[i], countyDir, name)
	}
	addr := freeAddr(t)
	srv := serveCounty(t, countyDir, addr)
	for i := range names {
		out := mustRun(t, bianminBin, "--data", boxDirs[i], "uplink", "send", "--to", "http://"+addr)
		if s, _, p := sendLine(t, out); s == 0 || p != 0 {
			t.Fatalf("%s sent: %q", names[i], out)
		}
	}
	pw := regexp.MustCompile(`one-time password: (\S+)`).FindStringSubmatch(srv.out.String())
	if pw == nil {
		t.Fatalf("countyd printed no admin password:\n%s", srv.out.String())
	}
	walkCounty(t, "http://"+addr, pw[1])
	srv.kill()

	// countyd's figures, person by person, against each box's own month.
	db, err := store.Open(countyDir, store.Options{ReadOnly: true, Location: shanghai})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	c := county.New(db, nil)
	for i, name := range names {
		b, err := c.BoxNamed(name)
		if err != nil {
			t.Fatal(err)
		}
		var late, absent int
		for id, m := range own[i] {
			got, err := c.TallyOf(b.ID, "2026-11", county.ScopePerson, m.Staff.UnitID, id)
			if err != nil {
				t.Fatal(err)
			}
			r := m.Result
			leaveHalves := 0
			for typ, h := range r.Leave {
				leaveHalves += int(h)
				if got.Leave[typ] != int(h) {
					t.Errorf("%s %s: %s leave %d half-days at the county, %d on the box", name, m.Staff.Name, typ, got.Leave[typ], h)
				}
			}
			if got.Late != r.Late || got.Early != r.Early || got.Missed != r.Missed || got.WorkDays != r.WorkingDays ||
				got.Absent != int(r.SessionAbsent+r.OffPostAbsent+r.UncoveredAbsent) || got.LeaveHalves() != leaveHalves {
				t.Errorf("%s %s: county late %d early %d missed %d working %d absent %d leave %d; the box's month %d %d %d %d %d %d",
					name, m.Staff.Name, got.Late, got.Early, got.Missed, got.WorkDays, got.Absent, got.LeaveHalves(),
					r.Late, r.Early, r.Missed, r.WorkingDays, r.SessionAbsent+r.OffPostAbsent+r.UncoveredAbsent, leaveHalves)
			}
			late += r.Late
			absent += int(r.SessionAbsent)
		}
		rows, err := c.Townships(county.AllTownships(), county.MonthPeriod(time.Date(2026, 11, 1, 0, 0, 0, 0, shanghai)))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if r.Name == name && (r.Tally.Late != late || r.Tally.Ratings == 0 || r.Tally.WorkDays < 60*15) {
				t.Errorf("%s's month: late %d (box %d), ratings %d, working person-days %d", name, r.Tally.Late, late, r.Tally.Ratings, r.Tally.WorkDays)
			}
		}
	}
}

// walkCounty is the browser's walk: log in (the one-time password, then
// a new one), overview → township → unit → person → day in clicks, the
// unit's XLSX read back, the county report PDF through pdftotext.
func walkCounty(t *testing.T, base, oneTime string) {
	b := browsertest.New(t, base, 1366, 900)
	b.Open("/login")
	b.Fill("log in", "#f-username", "admin", "#f-password", oneTime)
	b.Click(`form[action="/login"] button[type="submit"]`, "the password page", `location.pathname === "/account/password"`)
	const pw = "County-walk-2026"
	b.Fill("new password", "#f-old_password", oneTime, "#f-new_password", pw, "#f-confirm_password", pw)
	b.Click(`form[action="/account/password"] button[type="submit"]`, "the overview", `document.querySelector("[data-overview]")`)
	if n, _ := browsertest.Eval[int](b, `document.querySelectorAll("[data-overview] tbody tr").length`); n != 3 {
		t.Fatalf("the overview lists %d townships, want 3", n)
	}
	b.Shot("overview")
	b.Click(`tr[data-township="青山镇"] a[data-drill]`, "the township's units", `document.querySelector('[data-level="township"]')`)
	// November, where the month of punches is.
	b.Open(mustEval[string](b, `location.pathname`) + "?period=2026-11")
	b.WaitFor("the township's units in November", `document.querySelectorAll("table[data-drill] tbody tr").length >= 5`, 10*time.Second)
	b.Shot("township")
	b.Click(`table[data-drill] tbody tr a[data-next]`, "the unit's people", `document.querySelector('[data-level="unit"]')`)
	b.Click(`table[data-drill] thead a[data-sort="late"]`, "sorted by late arrivals", `location.search.includes("sort=late")`)
	b.Shot("unit")
	unit := mustEval[string](b, `location.pathname`)
	b.Click(`table[data-drill] tbody tr a[data-next]`, "the person's days", `document.querySelector('[data-level="person"]')`)
	b.Shot("person")
	b.Click(`table[data-drill] tbody tr a[data-next]`, "one day", `document.querySelector("[data-day]")`)
	if n, _ := browsertest.Eval[int](b, `document.querySelectorAll("[data-points] tbody tr").length`); n != 4 {
		t.Errorf("the day shows %d punch points, want 4 (the standard preset's)", n)
	}
	b.Shot("day")

	// The unit's table as XLSX and the county report, fetched by the page
	// (its session).
	xl := fetch(b, unit+"/export.xlsx?period=2026-11&sort=late&desc=1")
	x, err := excelize.OpenReader(bytes.NewReader(xl))
	if err != nil {
		t.Fatalf("the export is no workbook: %v", err)
	}
	rows, err := x.GetRows(x.GetSheetList()[0])
	if err != nil || len(rows) < 6 || rows[len(rows)-1][0] != "合计" {
		t.Fatalf("the export's rows: %v %v", rows, err)
	}
	pdf := fetch(b, "/county/report.pdf?period=2026-11")
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Log("no pdftotext: the report's text is not checked")
		return
	}
	file := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(file, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("BIANMIN_SCREENSHOTS"); dir != "" {
		_ = os.WriteFile(filepath.Join(dir, "county-report.pdf"), pdf, 0o644)
	}
	out, err := exec.Command("pdftotext", "-layout", file, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), "")
	for _, want := range []string{"县政务服务中心", "关于2026年11月全县乡镇便民服务中心运行情况的通报", "一、总体情况", "本期全县3个乡镇", "城关镇", "青山镇", "石桥乡", "全县合计"} {
		if !strings.Contains(text, want) {
			t.Errorf("the report has no %q:\n%s", want, out)
		}
	}
}

func mustEval[T any](b *browsertest.Browser, js string) T {
	b.T.Helper()
	v, err := browsertest.Eval[T](b, js)
	if err != nil {
		b.T.Fatalf("%s: %v", js, err)
	}
	return v
}

// fetch downloads path with the page's session and returns the body.
func fetch(b *browsertest.Browser, path string) []byte {
	b.T.Helper()
	js := fmt.Sprintf(`fetch(%q).then(r => { if (!r.ok) throw new Error("HTTP " + r.status); return r.arrayBuffer(); }).then(buf => {
		const u = new Uint8Array(buf); let s = "";
		for (let i = 0; i < u.length; i += 8192) s += String.fromCharCode.apply(null, u.subarray(i, i + 8192));
		return btoa(s);
	})`, path)
	ctx, cancel := context.WithTimeout(b.Ctx, 60*time.Second)
	defer cancel()
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		b.T.Fatalf("fetch %s: %v", path, err)
	}
	data, err := base64.StdEncoding.DecodeString(out)
	if err != nil {
		b.T.Fatal(err)
	}
	return data
}
