package button_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"bianmin/hw/button"
	"bianmin/hw/button/buttontest"
	"bianmin/internal/backoff"
)

// windowOn wires window's five rating buttons to lines, left to right.
func windowOn(window int, gpios ...int) []button.Line {
	var out []button.Line
	for i, l := range button.Levels() {
		out = append(out, button.Line{GPIO: gpios[i], Button: button.RatingButton(window, l)})
	}
	return out
}

// windowOnExpander wires window's five rating buttons to expander pins.
func windowOnExpander(window int, pins ...int) []button.ExpanderLine {
	var out []button.ExpanderLine
	for i, l := range button.Levels() {
		out = append(out, button.ExpanderLine{Pin: pins[i], Button: button.RatingButton(window, l)})
	}
	return out
}

// states records what the sources report through Options.OnState.
type states struct {
	mu  sync.Mutex
	log []string // "device state: msg"
}

func (s *states) on(device, state, msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = append(s.log, fmt.Sprintf("%s %s: %s", device, state, msg))
}

// last is the latest report for device, "" when none.
func (s *states) last(device string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := len(s.log) - 1; i >= 0; i-- {
		if strings.HasPrefix(s.log[i], device+" ") {
			return strings.TrimPrefix(s.log[i], device+" ")
		}
	}
	return ""
}

// waitState waits (in steps of 10 ms, fake or real time) until device's
// latest report starts with prefix.
func (s *states) waitState(t *testing.T, device, prefix string, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !strings.HasPrefix(s.last(device), prefix) {
		if time.Now().After(deadline) {
			t.Fatalf("%s: want state %q within %v; reports:\n%s", device, prefix, within, strings.Join(s.all(), "\n"))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (s *states) all() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.log...)
}

// running is a Buttons being run by a test.
type running struct {
	b      *button.Buttons
	out    chan button.Press
	st     *states
	cancel context.CancelFunc
	done   chan error
}

// start validates m, builds its inputs on rig's fakes and runs them.
func start(t *testing.T, m button.Map, rig *buttontest.Rig) *running {
	t.Helper()
	st := &states{}
	b, err := button.New(m, rig.Hardware(), button.Options{
		OnState: st.on,
		Logger:  slog.New(slog.DiscardHandler),
		Backoff: fastBackoff,
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{b: b, out: make(chan button.Press, 64), st: st, cancel: cancel, done: make(chan error, 1)}
	go func() { r.done <- b.Run(ctx, r.out) }()
	return r
}

// stop cancels Run and checks it returns context.Canceled within d.
func (r *running) stop(t *testing.T, d time.Duration) {
	t.Helper()
	r.cancel()
	select {
	case err := <-r.done:
		if err != context.Canceled {
			t.Fatalf("Run returned %v, want context.Canceled", err)
		}
	case <-time.After(d):
		t.Fatalf("Run did not return within %v of its context ending", d)
	}
}

// next waits up to d for a press.
func (r *running) next(t *testing.T, d time.Duration) button.Press {
	t.Helper()
	select {
	case p := <-r.out:
		return p
	case <-time.After(d):
		t.Fatalf("no press within %v", d)
	}
	return button.Press{}
}

// none checks that no press arrives within d.
func (r *running) none(t *testing.T, d time.Duration) {
	t.Helper()
	select {
	case p := <-r.out:
		t.Fatalf("unexpected press %+v", p)
	case <-time.After(d):
	}
}

// fastBackoff retries quickly so tests of unplugging stay short.
var fastBackoff = backoff.Policy{Initial: 20 * time.Millisecond, Max: 100 * time.Millisecond}
