package escpos_test

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"time"

	"bianmin/hw/escpos"
	"bianmin/hw/escpos/escpostest"
	"bianmin/hw/escpos/sim"
	"bianmin/hw/serialport"
	"bianmin/internal/backoff"
)

// statusLog records what a Device reports.
type statusLog struct {
	mu   sync.Mutex
	keys []string
}

func (l *statusLog) add(st escpos.Status, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	key := st.Key()
	var e *escpos.Error
	if errors.As(err, &e) {
		key = e.Key
	}
	l.keys = append(l.keys, key)
}

// waitFor polls until the latest key is want.
func (l *statusLog) waitFor(t *testing.T, want string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		l.mu.Lock()
		n := len(l.keys)
		last := ""
		if n > 0 {
			last = l.keys[n-1]
		}
		l.mu.Unlock()
		if last == want {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	t.Fatalf("status never became %s: %v", want, l.keys)
}

// TestDevice: the Device connects, polls the status (paper out shows and
// clears), prints, and after an unplug reports not connected, refuses to
// print at once, and reconnects when the printer is back.
func TestDevice(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	fake := escpostest.New(sim.Config{})
	log := &statusLog{}
	dev := escpos.NewDevice(serialport.Config{Path: fake.Path}, escpos.DeviceOptions{
		PollInterval: 20 * time.Millisecond,
		OnStatus:     log.add,
		Link: serialport.LinkOptions{
			Open:    fake.Open,
			Logger:  slog.New(slog.DiscardHandler),
			Backoff: backoff.Policy{Initial: 10 * time.Millisecond, Max: 20 * time.Millisecond},
		},
	})
	done := make(chan error, 1)
	go func() { done <- dev.Run(ctx) }()

	log.waitFor(t, escpos.StatusReadyKey)
	fake.Sim.PaperOut(true)
	log.waitFor(t, escpos.ErrPaperOut.Key)
	if err := dev.Print(ctx, sampleDoc()); !errors.Is(err, escpos.ErrPaperOut) {
		t.Fatalf("print with paper out: %v", err)
	}
	fake.Sim.PaperOut(false)
	log.waitFor(t, escpos.StatusReadyKey)
	if err := dev.Print(ctx, sampleDoc()); err != nil {
		t.Fatalf("print: %v", err)
	}
	if n := len(fake.Sim.Receipts()); n != 1 {
		t.Fatalf("%d receipts, want 1", n)
	}

	fake.Unplug()
	log.waitFor(t, escpos.ErrNotConnected.Key)
	start := time.Now()
	if err := dev.Print(ctx, sampleDoc()); !errors.Is(err, escpos.ErrNotConnected) {
		t.Fatalf("print while unplugged: %v", err)
	}
	if d := time.Since(start); d > 100*time.Millisecond {
		t.Errorf("refusing while unplugged took %v", d)
	}
	if state, _ := dev.LinkState(); state != serialport.StateReconnecting {
		t.Errorf("link state %q while unplugged", state)
	}
	fake.Replug()
	log.waitFor(t, escpos.StatusReadyKey)
	if err := dev.Print(ctx, sampleDoc()); err != nil {
		t.Fatalf("print after replug: %v", err)
	}
	if fake.Opens() < 2 || len(fake.Sim.Receipts()) != 2 {
		t.Errorf("%d opens, %d receipts; want a reconnection and 2 receipts", fake.Opens(), len(fake.Sim.Receipts()))
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Run: %v", err)
	}
}
