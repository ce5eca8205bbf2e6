package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// startDemoClock starts the demo on dir with the simulated sensor polled
// every 5 ms (and more flags), signs the admin in and waits for the
// sensor.
func startDemoClock(t *testing.T, dir string, more ...string) (*server, *client) {
	t.Helper()
	addr := freeAddr(t)
	args := append([]string{"--data", dir, "demo", "--addr", addr, "--log-level", "warn", "--fingerprint-poll", "5ms"}, more...)
	p := startProc(t, args...)
	s := &server{proc: p, dataDir: dir, addr: addr}
	if err := s.waitReady(60 * time.Second); err != nil {
		t.Fatalf("demo not ready: %v\n%s", err, tail(p.stderr.String(), 2048))
	}
	c := loginAdmin(t, s, "Qingshan-2026")
	waitFingerprintConnected(t, s.base)
	return s, c
}

// kioskWatch is the public kiosk's stream of acknowledgements as a test
// reads it: per staff member, when their first punch (or duplicate) was
// shown and the punch's id.
type kioskWatch struct {
	mu    sync.Mutex
	at    map[uint64]time.Time
	punch map[uint64]uint64
}

// watchKiosk listens to the server's kiosk until the test ends.
func watchKiosk(t *testing.T, base string) *kioskWatch {
	t.Helper()
	w := &kioskWatch{at: map[uint64]time.Time{}, punch: map[uint64]uint64{}}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	listening := make(chan struct{})
	go listenKiosk(ctx, base, listening, func(e kioskEvent) {
		if e.Kind != "punch" && e.Kind != "duplicate" {
			return
		}
		w.mu.Lock()
		defer w.mu.Unlock()
		if _, ok := w.at[e.StaffID]; !ok {
			w.at[e.StaffID] = time.Now()
		}
		if e.Kind == "punch" {
			w.punch[e.StaffID] = e.PunchID
		}
	})
	<-listening
	return w
}

// acked is when staffID's punch was first shown (zero: not yet) and the
// punch's id.
func (w *kioskWatch) acked(staffID uint64) (time.Time, uint64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.at[staffID], w.punch[staffID]
}

// punches is a copy of staff id → acknowledged punch id.
func (w *kioskWatch) punches() map[uint64]uint64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := make(map[uint64]uint64, len(w.punch))
	for k, v := range w.punch {
		out[k] = v
	}
	return out
}

// yearOfPunches writes a punch file of 2023 for the demo's 20 people,
// four punches every working day (20,800 lines), and returns it and its
// number of punches.
func yearOfPunches(t *testing.T) (string, int) {
	t.Helper()
	var csv strings.Builder
	csv.WriteString("staff_no,time\n")
	rows := 0
	for d := time.Date(2023, 1, 2, 0, 0, 0, 0, time.UTC); d.Year() < 2024; d = d.AddDate(0, 0, 1) {
		if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
			continue
		}
		for n := 1; n <= 20; n++ {
			for _, hm := range []string{"08:2", "12:0", "14:2", "18:0"} {
				fmt.Fprintf(&csv, "QS%03d,%s %s%d\n", n, d.Format("2006-01-02"), hm, n%10)
				rows++
			}
		}
	}
	file := filepath.Join(t.TempDir(), "punches.csv")
	if err := os.WriteFile(file, []byte(csv.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return file, rows
}
