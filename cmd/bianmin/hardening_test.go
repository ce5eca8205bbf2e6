package main

// Process tests of issue 9's hostile-LAN items, against the real binary:
// each reproduces the attack the issue measured and checks it fails now.
// Clients take different loopback addresses (127.0.0.N) so that the
// server sees an attacker and the admin as different machines.

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"bianmin/appliance/store"
)

// newClientFrom is newClient with its connections made from a loopback
// address of its own.
func newClientFrom(t testing.TB, base, ip string) *client {
	c := newClient(t, base)
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 5 * time.Second}
	c.hc.Transport = &http.Transport{DialContext: d.DialContext, MaxIdleConnsPerHost: 4}
	jar, _ := cookiejar.New(nil)
	c.hc.Jar = jar
	c.hc.Timeout = 30 * time.Second
	return c
}

// memKB reads a process's resident memory now and at its peak (kB).
func memKB(t testing.TB, pid int) (rss, peak int) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatalf("read the server's memory: %v", err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		n, _ := strconv.Atoi(f[1])
		switch f[0] {
		case "VmRSS:":
			rss = n
		case "VmHWM:":
			peak = n
		}
	}
	return rss, peak
}

// loginFrom posts the login form from c and returns the status (303 in).
func loginFrom(c *client, username, password string) (int, error) {
	page, err := c.do(http.MethodGet, "/login", nil)
	if err != nil {
		return 0, err
	}
	r, err := c.do(http.MethodPost, "/login", url.Values{"username": {username}, "password": {password}, "csrf_token": {csrfIn(page.body)}})
	return r.status, err
}

// TestLoginFloodBoundsDiskAndMemory: issue 9 item 1 — 20 posts of a 900 kB
// username took the database from 64 KB to 33.9 MB, short usernames gave
// 2,086 fsynced audit entries in 5 s from one client, and the audit page
// then rendered 199 MB with the server at 1.07 GB. Now the run leaves the
// database under 1 MB and the server under 64 MB.
func TestLoginFloodBoundsDiskAndMemory(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := startServer(t, dir, "serve")
	admin := loginAdmin(t, s, adminNewPW)
	dbPath := filepath.Join(dir, store.FileName)
	size := func() int64 {
		fi, err := os.Stat(dbPath)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	seq0 := auditHeadSeq(t, admin)
	size0 := size()

	attacker := newClientFrom(t, s.base, "127.0.0.66")
	huge := strings.Repeat("a", 900_000)
	start := time.Now()
	for i := 0; i < 20; i++ {
		if st, err := loginFrom(attacker, huge, "nope"); err != nil || (st != http.StatusUnauthorized && st != http.StatusTooManyRequests) {
			t.Fatalf("900 kB username %d: %d %v", i+1, st, err)
		}
	}
	hugeTook := time.Since(start)
	// Short usernames as fast as one client can post, for 5 s.
	var posts, refused atomic.Int64
	deadline := time.Now().Add(5 * time.Second)
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := newClientFrom(t, s.base, "127.0.0.66")
			for i := 0; time.Now().Before(deadline); i++ {
				st, err := loginFrom(c, fmt.Sprintf("user%d", i%50), "nope")
				if err != nil {
					return
				}
				posts.Add(1)
				if st == http.StatusTooManyRequests {
					refused.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	entries := auditHeadSeq(t, admin) - seq0

	// The audit page as the office opens it afterwards.
	r := admin.get("/audit")
	_, peak := memKB(t, s.cmd.Process.Pid)
	t.Logf("20 × 900 kB usernames in %v; then %d short-username posts in 5 s from one address (%d refused); "+
		"database %d KB → %d KB; %d audit entries written; audit page %d KB; server peak RSS %d KB",
		hugeTook.Round(time.Millisecond), posts.Load(), refused.Load(), size0>>10, size()>>10, entries, len(r.body)>>10, peak)
	if r.status != http.StatusOK || len(r.body) > 512<<10 {
		t.Errorf("audit page: %d, %d bytes", r.status, len(r.body))
	}
	if size() >= 1<<20 {
		t.Errorf("database grew to %d bytes, want under 1 MB", size())
	}
	if peak >= 64<<10 {
		t.Errorf("server peak RSS %d kB, want under 64 MB", peak)
	}
	if entries > 5 {
		t.Errorf("%d audit entries for one address's flood, want at most a few (first failure, then one per window)", entries)
	}
}

// auditHeadSeq is the audit chain's length as the 设备 page shows it.
func auditHeadSeq(t testing.TB, c *client) uint64 {
	t.Helper()
	r := c.get("/audit/head")
	for _, line := range strings.Split(r.body, "\n") {
		if n, ok := strings.CutPrefix(line, "seq: "); ok {
			v, _ := strconv.ParseUint(n, 10, 64)
			return v
		}
	}
	t.Fatalf("no seq in the head file: %q", r.body)
	return 0
}

// TestLoginHammerAdminGetsIn: issue 9 item 2 — five wrong passwords a
// minute from one address blocked the admin everywhere (1 login in 45
// over 135 s). Now attackers hammer the admin account from six addresses
// while the admin logs in from her own desk every second: every login
// succeeds, slowed at most by the account's slow-down.
func TestLoginHammerAdminGetsIn(t *testing.T) {
	t.Parallel()
	s := startServer(t, t.TempDir(), "serve")
	loginAdmin(t, s, adminNewPW)
	ctx, stop := context.WithTimeout(context.Background(), 12*time.Second)
	defer stop()
	var attempts, refused, wrong atomic.Int64
	var wg sync.WaitGroup
	for a := 0; a < 6; a++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := newClientFrom(t, s.base, fmt.Sprintf("127.0.0.%d", 70+a))
			for i := 0; ctx.Err() == nil; i++ {
				st, err := loginFrom(c, "admin", fmt.Sprintf("guess-%d", i))
				if err != nil {
					continue
				}
				attempts.Add(1)
				switch st {
				case http.StatusTooManyRequests:
					refused.Add(1)
				case http.StatusUnauthorized:
					wrong.Add(1)
				}
			}
		}()
	}
	time.Sleep(time.Second) // the attack is under way
	var took []time.Duration
	fails := 0
	for i := 0; i < 8; i++ {
		c := newClientFrom(t, s.base, "127.0.0.1")
		t0 := time.Now()
		st, err := loginFrom(c, "admin", adminNewPW)
		took = append(took, time.Since(t0))
		if err != nil || st != http.StatusSeeOther {
			fails++
			t.Errorf("admin login %d during the attack: %d %v", i+1, st, err)
		}
		time.Sleep(time.Second)
	}
	stop()
	wg.Wait()
	sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
	t.Logf("attack from 6 addresses: %d attempts (%d checked and wrong, %d refused); admin from her own address: %d of %d logins in, median %v, slowest %v",
		attempts.Load(), wrong.Load(), refused.Load(), len(took)-fails, len(took), took[len(took)/2].Round(time.Millisecond), took[len(took)-1].Round(time.Millisecond))
	if wrong.Load() > 6*5+2 {
		t.Errorf("%d wrong passwords were checked; each address should get 5 per window", wrong.Load())
	}
	if took[len(took)-1] > 6*time.Second {
		t.Errorf("the admin's slowest login took %v", took[len(took)-1])
	}
}

// TestLoginTimingSameForUnknownUsers: issue 9 item 9 — an unknown
// username was answered in 3–8 ms, a wrong password in 64–83 ms (bcrypt
// cost 4 against 10). Both are measured here, each from fresh addresses so
// the throttle does not step in; the medians must be alike.
func TestLoginTimingSameForUnknownUsers(t *testing.T) {
	t.Parallel()
	s := startServer(t, t.TempDir(), "serve")
	loginAdmin(t, s, adminNewPW)
	// Known and unknown in turns (which goes first alternating), so that
	// load from other tests falls on both alike; 9 tries each, below the
	// 10 failures after which an account is slowed down.
	var known, unknownDs []time.Duration
	for i := 0; i < 9; i++ {
		users := []string{"admin", "no-such-user"}
		for k := range users {
			j := (k + i) % 2
			user := users[j]
			c := newClientFrom(t, s.base, fmt.Sprintf("127.0.%d.%d", j+1, i+1))
			page := c.get("/login")
			t0 := time.Now()
			r := c.post("/login", url.Values{"username": {user}, "password": {"wrong-password"}, "csrf_token": {csrfIn(page.body)}})
			d := time.Since(t0)
			if r.status != http.StatusUnauthorized {
				t.Fatalf("%s: %d", user, r.status)
			}
			if j == 0 {
				known = append(known, d)
			} else {
				unknownDs = append(unknownDs, d)
			}
		}
	}
	median := func(ds []time.Duration) time.Duration {
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		return ds[len(ds)/2]
	}
	knownMed, unknown := median(known), median(unknownDs)
	t.Logf("median answer to a wrong password over 9 tries each: existing user %v, unknown user %v (ratio %.2f)", knownMed.Round(time.Microsecond), unknown.Round(time.Microsecond), float64(unknown)/float64(knownMed))
	if r := float64(unknown) / float64(knownMed); r < 0.5 || r > 2 {
		t.Errorf("unknown users answer %.2f× as fast as known ones: timing tells which usernames exist", 1/r)
	}
}

// openStreamFrom opens the kiosk's event stream from c; an open stream is
// left open until ctx ends.
func openStreamFrom(ctx context.Context, c *client) (int, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"/kiosk/attendance/events", nil)
	req.Header.Set("Accept", "text/event-stream")
	resp, err := c.hc.Do(req)
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
	}
	return resp.StatusCode, nil
}

// TestKioskStreamsFromManyAddresses: issue 9 item 10 — 50 anonymous kiosk
// streams took every slot from the real hall screens. The office
// registers the attendance screen and pairs its browser; then 50
// anonymous streams from 50 addresses get the small anonymous pool and no
// more, and the registered screen still opens its stream.
func TestKioskStreamsFromManyAddresses(t *testing.T) {
	t.Parallel()
	s := startServer(t, t.TempDir(), "demo")
	office := loginAdmin(t, s, adminNewPW)
	r := office.post("/settings/screens", url.Values{"name": {"考勤屏"}, "kind": {"attendance_kiosk"}})
	m := regexp.MustCompile(`<span class="secret">([A-Z0-9]{5}-[A-Z0-9]{5})</span>`).FindStringSubmatch(r.body)
	if r.status != http.StatusOK || m == nil {
		t.Fatalf("register the screen: %d", r.status)
	}
	screen := newClientFrom(t, s.base, "127.0.0.5")
	page := screen.get("/screen/pair?code=" + m[1])
	if p := screen.post("/screen/pair", url.Values{"code": {m[1]}, "csrf_token": {csrfIn(page.body)}}); p.status != http.StatusSeeOther || p.location != "/kiosk/attendance" {
		t.Fatalf("pair: %d %q", p.status, p.location)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	open, refused := 0, 0
	for i := 0; i < 50; i++ {
		st, err := openStreamFrom(ctx, newClientFrom(t, s.base, fmt.Sprintf("127.0.1.%d", i+10)))
		switch {
		case err != nil:
			t.Fatalf("anonymous stream %d: %v", i+1, err)
		case st == http.StatusOK:
			open++
		case st == http.StatusServiceUnavailable:
			refused++
		default:
			t.Fatalf("anonymous stream %d: status %d", i+1, st)
		}
	}
	st, err := openStreamFrom(ctx, screen)
	t.Logf("50 anonymous streams from 50 addresses: %d open, %d refused (503); the registered screen's stream: %d", open, refused, st)
	if err != nil || st != http.StatusOK {
		t.Fatalf("the registered screen's stream: %d %v", st, err)
	}
	if open == 0 || open > 10 {
		t.Errorf("%d anonymous streams open, want a small pool", open)
	}
	list := office.get("/settings/screens")
	if !strings.Contains(list.body, "在线（1 个连接）") {
		t.Errorf("the office does not see the screen online")
	}
}

// TestOversizedCellNotEchoed: issue 9 item 10 — an oversized import cell
// was echoed back in full (31 MB to stderr, an 8.4 MB page). A 3 MB name
// (under the 4 MB upload limit) is refused on the command line and on the
// import page with the cell shown bounded.
func TestOversizedCellNotEchoed(t *testing.T) {
	t.Parallel()
	dir, tmp := t.TempDir(), t.TempDir()
	csv := "staff_no,name,unit,window,position\n1001," + strings.Repeat("王", 1_000_000) + ",民政办,1,staff\n"
	file := writeFile(t, tmp, "big-cell.csv", csv)
	_, errOut, code := cli(t, cliTimeout, "--data", dir, "import", "staff", file)
	if code == 0 || len(errOut) > 4<<10 || !strings.Contains(errOut, "第 2 行") {
		t.Errorf("import staff with a 3 MB cell: exit %d, %d bytes on stderr\n%.600s", code, len(errOut), errOut)
	}
	s := startServer(t, dir, "serve")
	c := loginAdmin(t, s, adminNewPW)
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("csrf_token", c.csrf)
	fw, _ := w.CreateFormFile("file", "big-cell.csv")
	fw.Write([]byte(csv))
	w.Close()
	req, _ := http.NewRequest(http.MethodPost, s.base+"/settings/staff/import", &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	resp, err := c.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	t.Logf("a 3 MB cell: the command line printed %d bytes (exit %d), the import page is %d bytes (status %d)", len(errOut), code, len(page), resp.StatusCode)
	if resp.StatusCode == http.StatusOK && strings.Contains(string(page), "已导入") || len(page) > 256<<10 {
		t.Errorf("import page: status %d, %d bytes", resp.StatusCode, len(page))
	}
}
