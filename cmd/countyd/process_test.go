package main

// Process tests: TestMain builds countyd and bianmin once; the tests run
// them on temporary data directories and free loopback ports, as a
// technician would, and kill them with SIGKILL mid-upload and mid-store.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"bianmin/appliance/county"
	"bianmin/appliance/schema"
	"bianmin/appliance/store"
	"bianmin/appliance/uplink"
	"bianmin/internal/proctest"
)

var countydBin, bianminBin string

func TestMain(m *testing.M) { os.Exit(runTests(m)) }

func runTests(m *testing.M) int {
	dir, err := os.MkdirTemp("", "countyd-test-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	countydBin, bianminBin = filepath.Join(dir, "countyd"), filepath.Join(dir, "bianmin")
	if err := proctest.Build(proctest.Binary{Package: ".", Out: countydBin}, proctest.Binary{Package: "../bianmin", Out: bianminBin}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return m.Run()
}

func cleanEnv() []string { return proctest.CleanEnv("BIANMIN_", "COUNTYD_") }

// run runs a binary to completion and returns its output and exit code.
func runBin(t *testing.T, bin string, args ...string) (string, string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = cleanEnv()
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%s %v: %v", filepath.Base(bin), args, err)
	}
	return out.String(), errb.String(), code
}

func mustRun(t *testing.T, bin string, args ...string) string {
	t.Helper()
	out, errOut, code := runBin(t, bin, args...)
	if code != 0 {
		t.Fatalf("%s %s: exit %d\n%s\n%s", filepath.Base(bin), strings.Join(args, " "), code, out, errOut)
	}
	return out
}

type syncBuffer = proctest.Buffer

// proc is a running countyd serve or bianmin command.
type proc struct {
	cmd  *exec.Cmd
	out  *syncBuffer
	done chan struct{}
}

func start(t *testing.T, bin string, args ...string) *proc {
	t.Helper()
	p := &proc{out: &syncBuffer{}, done: make(chan struct{})}
	p.cmd = exec.Command(bin, args...)
	p.cmd.Env = cleanEnv()
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		p.kill()
		if t.Failed() {
			t.Logf("%s %v:\n%s", filepath.Base(bin), args, tail(p.out.String(), 3000))
		}
	})
	return p
}

func (p *proc) kill() {
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
}

func tail(s string, n int) string { return proctest.Tail(s, n) }

func freeAddr(t *testing.T) string { return proctest.FreeAddr(t) }

// serveCounty starts countyd serve and waits until it answers.
func serveCounty(t *testing.T, dir, addr string) *proc {
	t.Helper()
	p := start(t, countydBin, "--data", dir, "serve", "--addr", addr, "--log-level", "warn")
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(30 * time.Millisecond) {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			if _, err := os.Stat(filepath.Join(dir, SocketName)); err == nil {
				return p
			}
		}
	}
	t.Fatalf("countyd did not start:\n%s", p.out.String())
	return nil
}

// fillBox writes n records into the box's outbox (as the domains do, in
// transactions of 500) and returns them in order.
func fillBox(t *testing.T, dir string, n int) {
	t.Helper()
	db, err := store.Open(dir, store.Options{Reserve: -1, MinFree: -1, Migrations: schema.Migrations()})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	at := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)
	for i := 0; i < n; i += 500 {
		if err := db.Update("test", func(tx *store.Tx) error {
			for j := i; j < min(n, i+500); j++ {
				kind := "punch"
				if j%5 == 4 {
					kind = "attendance"
				}
				p := map[string]any{"n": j, "staff_id": j%60 + 1, "time": at.Add(time.Duration(j) * time.Minute)}
				if err := tx.AuditAndOutbox(kind+".record", fmt.Sprintf("%s/%d", kind, j), kind, nil, p); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
}

func registerBox(t *testing.T, boxDir, countyDir, name string) {
	t.Helper()
	key := strings.SplitN(mustRun(t, bianminBin, "--data", boxDir, "uplink", "key"), "\n", 2)[0]
	id := strings.TrimSpace(mustRun(t, countydBin, "--data", countyDir, "box", "add", "--name", name, "--area", "420102", "--key", key))
	if len(id) != 39 {
		t.Fatalf("box add printed %q, want the box's id (its key's fingerprint)", id)
	}
}

func count(t *testing.T, countyDir, name, kind string) int {
	t.Helper()
	args := []string{"--data", countyDir, "records", "count", "--box", name}
	if kind != "" {
		args = append(args, "--kind", kind)
	}
	n, err := strconv.Atoi(strings.TrimSpace(mustRun(t, countydBin, args...)))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// checkOnce opens countyd's store (countyd stopped) and checks that it
// holds each of the box's n records exactly once.
func checkOnce(t *testing.T, countyDir, name string, n int) {
	t.Helper()
	db, err := store.Open(countyDir, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	c := county.New(db, nil)
	b, err := c.BoxNamed(name)
	if err != nil {
		t.Fatal(err)
	}
	seen := make([]int, n)
	last := -1
	if err := c.RecordsOf(b.ID, "", func(r county.Record) error {
		var p struct {
			N int `json:"n"`
		}
		if err := json.Unmarshal(r.Payload, &p); err != nil {
			return err
		}
		seen[p.N]++
		if p.N <= last {
			return fmt.Errorf("record %d stored after %d", p.N, last)
		}
		last = p.N
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for i, k := range seen {
		if k != 1 {
			t.Fatalf("record %d stored %d times, want once", i, k)
		}
	}
}

// sendLine parses "sent N, acknowledged M, pending P".
func sendLine(t *testing.T, out string) (sent, acked, pending int) {
	t.Helper()
	if _, err := fmt.Sscanf(strings.TrimSpace(out), "sent %d, acknowledged %d, pending %d", &sent, &acked, &pending); err != nil {
		t.Fatalf("send printed %q: %v", out, err)
	}
	return
}

// Issue 15 §6: the command-line contract, end to end — key, box add,
// serve, send, records count; export, import, receipt.
func TestCommandLineContract(t *testing.T) {
	boxDir, countyDir, stick := t.TempDir(), t.TempDir(), t.TempDir()
	fillBox(t, boxDir, 1200)
	registerBox(t, boxDir, countyDir, "城关镇")
	addr := freeAddr(t)

	// The county is down: nothing is acknowledged, everything pending.
	out, _, code := runBin(t, bianminBin, "--data", boxDir, "uplink", "send", "--to", "http://"+addr)
	if code != 1 {
		t.Fatalf("send to a county that is down: exit %d, want 1", code)
	}
	if s, a, p := sendLine(t, out); s != 0 || a != 0 || p != 1200 {
		t.Fatalf("county down: %q", out)
	}
	// Plain HTTP elsewhere than loopback is refused.
	if _, errOut, code := runBin(t, bianminBin, "--data", boxDir, "uplink", "send", "--to", "http://10.255.255.1:9"); code == 0 || !strings.Contains(errOut, "HTTP") {
		t.Fatalf("plain http to another host: exit %d %s", code, errOut)
	}

	// Half by the stick, the rest over the network.
	mustRun(t, bianminBin, "--data", boxDir, "uplink", "export", stick)
	out = mustRun(t, countydBin, "--data", countyDir, "import", stick)
	if !strings.Contains(out, "acknowledged through") {
		t.Fatalf("import printed %q", out)
	}
	if n := count(t, countyDir, "城关镇", "punch"); n != 960 {
		t.Fatalf("punches after the import: %d, want 960", n)
	}
	srv := serveCounty(t, countyDir, addr)
	mustRun(t, bianminBin, "--data", boxDir, "uplink", "receipt", filepath.Join(stick, uplink.ReceiptName(boxID(t, boxDir))))
	out = mustRun(t, bianminBin, "--data", boxDir, "uplink", "send", "--to", "http://"+addr)
	if s, a, p := sendLine(t, out); s != 0 || a != 0 || p != 0 {
		t.Fatalf("after the receipt everything was acknowledged; send printed %q", out)
	}
	// Counted while countyd runs (through its command socket).
	if n := count(t, countyDir, "城关镇", "attendance"); n != 240 {
		t.Fatalf("attendance: %d, want 240", n)
	}
	if n := count(t, countyDir, "城关镇", ""); n != 1200 {
		t.Fatalf("all: %d, want 1200", n)
	}
	if _, _, code := runBin(t, countydBin, "--data", countyDir, "records", "count", "--box", "没有这个镇", "--kind", "punch"); code == 0 {
		t.Fatal("an unknown box was counted")
	}
	srv.kill()
	checkOnce(t, countyDir, "城关镇", 1200)
}

func boxID(t *testing.T, dir string) string {
	t.Helper()
	return strings.TrimSpace(strings.SplitN(mustRun(t, bianminBin, "--data", dir, "uplink", "key"), "\n", 2)[1])
}

// Issue 15, Done when 2: kill -9 of the box in the middle of an upload and
// of countyd in the middle of a store; after restart countyd holds each
// record exactly once.
func TestKill9MidUploadAndMidStore(t *testing.T) {
	const n = 20000
	boxDir, countyDir := t.TempDir(), t.TempDir()
	fillBox(t, boxDir, n)
	registerBox(t, boxDir, countyDir, "城关镇")
	addr := freeAddr(t)
	srv := serveCounty(t, countyDir, addr)

	// The box is killed once the county has stored some of it.
	send := start(t, bianminBin, "--data", boxDir, "uplink", "send", "--to", "http://"+addr)
	waitCount(t, countyDir, 1, send)
	send.kill()
	got := count(t, countyDir, "城关镇", "")
	if got == 0 || got == n {
		t.Logf("the box was killed after %d of %d records", got, n)
	}

	// countyd is killed while the next send is storing.
	send = start(t, bianminBin, "--data", boxDir, "uplink", "send", "--to", "http://"+addr)
	waitCount(t, countyDir, got+1, send)
	srv.kill()
	<-send.done // the send fails: the county went away

	srv = serveCounty(t, countyDir, addr)
	out := mustRun(t, bianminBin, "--data", boxDir, "uplink", "send", "--to", "http://"+addr)
	if _, _, p := sendLine(t, out); p != 0 {
		t.Fatalf("after both restarts: %q", out)
	}
	if c := count(t, countyDir, "城关镇", ""); c != n {
		t.Fatalf("county holds %d records, want %d", c, n)
	}
	srv.kill()
	checkOnce(t, countyDir, "城关镇", n)
}

// waitCount waits until countyd holds at least k records of the box (or
// the sender finished).
func waitCount(t *testing.T, countyDir string, k int, sender *proc) {
	t.Helper()
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); {
		select {
		case <-sender.done:
			t.Fatalf("the send finished before it could be interrupted:\n%s", sender.out.String())
		default:
		}
		if count(t, countyDir, "城关镇", "") >= k {
			return
		}
	}
	t.Fatal("countyd stored nothing")
}
