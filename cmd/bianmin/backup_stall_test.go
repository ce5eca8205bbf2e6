package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/store"
)

// TestStalledBackupDoesNotDelayPunches: a browser starts the backup
// download (设备 → 下载备份) and stops reading after the first few KB. While
// it hangs there, a punch import of a year of the hall (20,800 punches)
// through the command line grows the database file several times past
// bbolt's memory map, and the
// demo's staff punch one after another at the simulated fingerprint
// sensor. Before, the download held a read transaction, the first write
// that grew the file waited for it, and every punch, page and /readyz
// behind that write waited too (116 s until the write timeout). Now the
// download streams a snapshot file: no punch may wait more than 1 s from
// the press to the kiosk's acknowledgement. Then the browser reads on and
// gets a whole, checked backup, and the download is in the audit log with
// who and where from. Issue 9 items 3 and 8.
func TestStalledBackupDoesNotDelayPunches(t *testing.T) {
	dir := t.TempDir()
	s, c := startDemoClock(t, dir)
	before := fileSize(t, filepath.Join(dir, store.FileName))

	// The stalled browser: headers and 4 KB, then it stops reading.
	stalled := stallDownload(t, c, "/devices/backup")
	defer stalled.conn.Close()

	// The kiosk's acknowledgements, timed.
	kiosk := watchKiosk(t, s.base)

	// The import that grows the file, through the running service: a year
	// of the demo's 20 people punching four times a working day.
	file, rows := yearOfPunches(t)
	imported := make(chan string, 1)
	go func() {
		out, errOut, code := cli(t, 3*time.Minute, "--data", dir, "import", "punches", file, "--tz", "Asia/Shanghai")
		imported <- fmt.Sprintf("exit %d\n%s%s", code, out, errOut)
	}()

	// Punch while it runs: each of the demo's 20 people once.
	var delays []time.Duration
	importDone := ""
	for id := uint64(1); id <= 20; id++ {
		pressed := time.Now()
		if r := c.post("/sim/fingerprint/press", url.Values{"staff_id": {fmt.Sprint(id)}, "finger": {"1"}}); r.status != http.StatusSeeOther {
			t.Fatalf("press %d: %d", id, r.status)
		}
		var at time.Time
		for deadline := pressed.Add(30 * time.Second); at.IsZero(); time.Sleep(2 * time.Millisecond) {
			at, _ = kiosk.acked(id)
			if time.Now().After(deadline) {
				t.Fatalf("staff %d's punch not acknowledged within 30 s", id)
			}
		}
		delays = append(delays, at.Sub(pressed))
		if r, err := (&http.Client{Timeout: time.Second}).Get(s.base + "/readyz"); err != nil {
			t.Errorf("/readyz during the stalled download: %v", err)
		} else {
			r.Body.Close()
		}
		select {
		case importDone = <-imported:
		default:
		}
		time.Sleep(250 * time.Millisecond) // the finger leaves; the next person steps up
	}
	if importDone == "" {
		importDone = <-imported
	}
	if !strings.HasPrefix(importDone, "exit 0") || !strings.Contains(importDone, fmt.Sprintf("导入 / imported %d", rows)) {
		t.Fatalf("import punches (%d rows): %s", rows, tail(importDone, 2000))
	}
	after := fileSize(t, filepath.Join(dir, store.FileName))
	slices.Sort(delays)
	maxDelay, median := delays[len(delays)-1], delays[len(delays)/2]
	t.Logf("database %.1f → %.1f MB during the stalled download; punch press→acknowledgement: median %v, max %v (%d punches)",
		float64(before)/(1<<20), float64(after)/(1<<20), median.Round(time.Millisecond), maxDelay.Round(time.Millisecond), len(delays))
	if after < 2*before {
		t.Fatalf("the import grew the file only from %d to %d bytes: it did not cross bbolt's map, the test proves nothing", before, after)
	}
	if maxDelay > time.Second {
		t.Errorf("a punch waited %v for its acknowledgement during the stalled download (limit 1 s)", maxDelay)
	}

	// Another download while the first still hangs: a whole backup of the
	// grown file, as its SHA-256 says, that passes the backup check.
	copyPath := filepath.Join(t.TempDir(), "download.db")
	sha, n := download(t, c, "/devices/backup", copyPath)
	if _, _, err := store.CheckBackup(copyPath); err != nil {
		t.Fatalf("the second download: %v", err)
	}
	t.Logf("a second download during the stall: %.1f MB, whole and checked", float64(n)/(1<<20))
	stalled.conn.Close()
	s.stop(10 * time.Second)
	db, err := store.Open(dir, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	es, err := db.AuditEntries("backup/", 5)
	if err != nil || len(es) != 2 {
		t.Fatalf("audit entries of the two downloads: %+v %v", es, err)
	}
	for i, want := range []string{sha, stalled.sha} { // newest first
		if es[i].Action != "backup.download" || es[i].Actor != "admin" ||
			!strings.Contains(string(es[i].After), `"from":"127.0.0.1"`) || !strings.Contains(string(es[i].After), want) {
			t.Errorf("a download's audit entry (who, where from, what): %+v", es[i])
		}
	}
	// The last backup handed out whole is the second (the first never
	// finished).
	if last, ok, _ := db.LastBackup(); !ok || last.SHA256 != sha {
		t.Errorf("the last backup recorded: %+v %v", last, ok)
	}
}

// download saves GET path with c's session to file and returns the
// SHA-256 the server announced (checked against the bytes) and the size.
func download(t *testing.T, c *client, path, file string) (string, int64) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.base+path, nil)
	resp, err := (&http.Client{Jar: c.hc.Jar, Timeout: time.Minute}).Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %v %v", path, resp, err)
	}
	defer resp.Body.Close()
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sum := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, sum), resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	want := resp.Header.Get("X-Bianmin-Backup-SHA256")
	if got := hex.EncodeToString(sum.Sum(nil)); got != want || n != resp.ContentLength {
		t.Fatalf("downloaded %d of %d bytes, SHA-256 %s, the header said %s", n, resp.ContentLength, got, want)
	}
	return want, n
}

// stalledDownload is a download whose reader stopped.
type stalledDownload struct {
	conn net.Conn
	sha  string // X-Bianmin-Backup-SHA256
}

// stallDownload sends GET path with c's session over a raw connection,
// reads the headers and 4 KB of the body, and stops reading.
func stallDownload(t *testing.T, c *client, path string) *stalledDownload {
	t.Helper()
	u, _ := url.Parse(c.base)
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetReadBuffer(4096) // a small window: the server's writes block soon
	}
	req, _ := http.NewRequest(http.MethodGet, c.base+path, nil)
	for _, ck := range c.hc.Jar.Cookies(u) {
		req.AddCookie(ck)
	}
	if err := req.Write(conn); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReaderSize(conn, 4096)
	resp, err := http.ReadResponse(br, req)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %v %v", path, resp, err)
	}
	head := make([]byte, 4096)
	if _, err := io.ReadFull(resp.Body, head); err != nil {
		t.Fatal(err)
	}
	return &stalledDownload{conn: conn, sha: resp.Header.Get("X-Bianmin-Backup-SHA256")}
}
