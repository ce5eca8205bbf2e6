package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"bianmin/appliance/attendance"
	"bianmin/appliance/schema"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

const burstStaff = 1000

// TestKill9DuringPunchBurst imports 1,000 staff, starts the demo (every one
// enrolled on the simulated sensor), presses each finger once through the
// 设备模拟 panel while a kiosk listens to the acknowledgements, and kills
// the process with SIGKILL in the middle of the burst. After a restart every
// acknowledged punch must be in the store, and nobody may have two.
func TestKill9DuringPunchBurst(t *testing.T) {
	dir := t.TempDir()
	var csv strings.Builder
	csv.WriteString("staff_no,name,unit,window,position\n")
	for i := 1; i <= burstStaff; i++ {
		fmt.Fprintf(&csv, "K%04d,测试%d,测试单位,,staff\n", i, i)
	}
	file := filepath.Join(t.TempDir(), "staff.csv")
	if err := os.WriteFile(file, []byte(csv.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, errOut, code := cli(t, time.Minute, "--data", dir, "import", "staff", file); code != 0 {
		t.Fatalf("import staff: exit %d\n%s\n%s", code, out, errOut)
	}
	addr := freeAddr(t)
	p := startProc(t, "--data", dir, "demo", "--addr", addr, "--log-level", "warn", "--fingerprint-poll", "5ms")
	s := &server{proc: p, dataDir: dir, addr: addr}
	if err := s.waitReady(60 * time.Second); err != nil {
		t.Fatalf("demo not ready: %v\n%s", err, tail(p.stderr.String(), 2048))
	}
	c := loginAdmin(t, s, "Qingshan-2026")
	waitFingerprintConnected(t, s.base)

	// The kiosk's acknowledgements: a punch shows only after its commit.
	acked := map[uint64]uint64{} // punch id → staff id
	var mu sync.Mutex
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	listening := make(chan struct{})
	go listenKiosk(ctx, s.base, listening, func(e kioskEvent) {
		if e.Kind == "punch" {
			mu.Lock()
			acked[e.PunchID] = e.StaffID
			mu.Unlock()
		}
	})
	<-listening

	killAfter := time.Duration(1500+rand.IntN(2000)) * time.Millisecond
	start := time.Now()
	pressed := 0
	go func() {
		time.Sleep(killAfter)
		s.cmd.Process.Signal(syscall.SIGKILL)
	}()
	for id := 1; id <= burstStaff; id++ {
		r, err := c.do(http.MethodPost, "/sim/fingerprint/press", url.Values{"staff_id": {fmt.Sprint(id)}, "finger": {"1"}, "csrf_token": {c.csrf}})
		if err != nil {
			break // the process is gone
		}
		if r.status != http.StatusSeeOther {
			t.Fatalf("press %d: status %d", id, r.status)
		}
		pressed++
		time.Sleep(20 * time.Millisecond)
	}
	if _, ok := s.wait(5 * time.Second); !ok {
		t.Fatal("demo still running 5 s after SIGKILL")
	}
	cancel()
	if pressed >= burstStaff {
		t.Fatalf("all %d presses went through before the kill at %v: the kill did not land during the burst", pressed, killAfter)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(acked) < 10 {
		t.Fatalf("only %d punches acknowledged before the kill at %v", len(acked), time.Since(start))
	}

	// Restart, then read the store directly.
	s2 := startServer(t, dir, "serve")
	s2.stop(5 * time.Second)
	db, err := store.Open(dir, store.Options{Migrations: schema.Migrations(), LockTimeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	people, _ := staff.New(db).ListStaff(staff.Filter{})
	punches := attendance.New(db, 0)
	byID := map[uint64]attendance.Punch{}
	for _, p := range people {
		list, err := punches.Punches(p.ID, time.Now().Add(-24*time.Hour), time.Now().Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if len(list) > 1 {
			t.Errorf("%s %s has %d punches for one press", p.StaffNo, p.Name, len(list))
		}
		for _, x := range list {
			byID[x.ID] = x
		}
	}
	for id, staffID := range acked {
		if x, ok := byID[id]; !ok || x.StaffID != staffID {
			t.Errorf("acknowledged punch %d (staff %d) is not in the store after restart", id, staffID)
		}
	}
	t.Logf("killed at %v after %d presses: %d punches acknowledged, %d in the store, none lost, none duplicated",
		killAfter, pressed, len(acked), len(byID))
	db.Close()
	if out, _, code := cli(t, 30*time.Second, "--data", dir, "audit", "verify"); code != 0 {
		t.Fatalf("audit verify after the kill: exit %d: %s", code, out)
	}
}

// kioskEvent is the part of the kiosk's SSE payload the test reads.
type kioskEvent struct {
	Kind    string `json:"kind"`
	PunchID uint64 `json:"punch_id"`
	StaffID uint64 `json:"staff_id"`
}

// listenKiosk reads the public kiosk event stream until ctx ends or the
// server goes away, calling fn for every event.
func listenKiosk(ctx context.Context, base string, listening chan<- struct{}, fn func(kioskEvent)) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/kiosk/attendance/events", nil)
	req.Header.Set("Accept", "text/event-stream")
	resp, err := http.DefaultClient.Do(req)
	close(listening)
	if err != nil {
		return
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		line := sc.Text()
		if data, ok := strings.CutPrefix(line, "data:"); ok {
			var e kioskEvent
			if json.Unmarshal([]byte(strings.TrimSpace(data)), &e) == nil {
				fn(e)
			}
		}
	}
}

// waitFingerprintConnected polls /readyz until the sensor is connected.
func waitFingerprintConnected(t *testing.T, base string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(base + "/readyz")
		if err == nil {
			var r struct{ Devices map[string]string }
			json.NewDecoder(resp.Body).Decode(&r)
			resp.Body.Close()
			if r.Devices[fingerprintDevice] == "connected" {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("fingerprint sensor not connected within 15 s")
}
