package ui

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"bianmin/appliance/punchclock"
)

// fakeSensor is a punchclock.Sensor in memory: captures succeed, the model
// is made, templates go to the lowest free page and read back as bytes.
// A test can queue what Identify answers, make the two presses differ, or
// hold Capture until it says so.
type fakeSensor struct {
	mu       sync.Mutex
	pages    map[int][]byte
	identify []identifyResult // answered in order, then ErrNoFinger
	notSame  bool             // CreateModel fails with ErrNotSameFinger
	hold     chan struct{}    // when set, Capture waits for it to close
	uploads  int
	captures int
	empties  int // times Identify answered ErrNoFinger
}

type identifyResult struct {
	page, score int
	err         error
}

var _ punchclock.Sensor = (*fakeSensor)(nil)

func newFakeSensor() *fakeSensor { return &fakeSensor{pages: map[int][]byte{}} }

func (f *fakeSensor) Identify(ctx context.Context) (int, int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.identify) == 0 {
		f.empties++
		return 0, 0, punchclock.ErrNoFinger
	}
	r := f.identify[0]
	f.identify = f.identify[1:]
	return r.page, r.score, r.err
}

func (f *fakeSensor) Capture(ctx context.Context, buffer int) error {
	f.mu.Lock()
	hold := f.hold
	f.captures++
	f.mu.Unlock()
	if hold != nil {
		select {
		case <-hold:
		case <-ctx.Done():
			return fmt.Errorf("capture %d: %w", buffer, punchclock.ErrNoFinger)
		}
	}
	return nil
}

func (f *fakeSensor) CreateModel(ctx context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.notSame {
		return fmt.Errorf("fake: %w", punchclock.ErrNotSameFinger)
	}
	return nil
}

func (f *fakeSensor) NextFreePage(ctx context.Context) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for p := 0; p < 300; p++ {
		if _, used := f.pages[p]; !used {
			return p, nil
		}
	}
	return 0, punchclock.ErrLibraryFull
}

func (f *fakeSensor) Store(ctx context.Context, page int) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pages[page] = fmt.Appendf(nil, "template-%d", page)
	return nil
}

func (f *fakeSensor) Download(ctx context.Context, page int) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]byte(nil), f.pages[page]...), nil
}

func (f *fakeSensor) Upload(ctx context.Context, page int, template []byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pages[page] = append([]byte(nil), template...)
	f.uploads++
	return nil
}

func (f *fakeSensor) Delete(ctx context.Context, page int) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.pages, page)
	return nil
}

func (f *fakeSensor) Signal(ctx context.Context, ok bool) {}

// page returns the template stored at page, if any.
func (f *fakeSensor) page(p int) ([]byte, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	b, ok := f.pages[p]
	return b, ok
}

// queue makes Identify answer r next.
func (f *fakeSensor) queue(r identifyResult) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.identify = append(f.identify, r)
}

// settled waits until the sensor has been found empty again, so the clock
// is done with the last press (a press queued while the clock waits for a
// lift counts as the same finger held).
func (f *fakeSensor) settled(t testing.TB) {
	t.Helper()
	f.mu.Lock()
	n := f.empties
	f.mu.Unlock()
	waitFor(t, "the sensor to be found empty", func() bool {
		f.mu.Lock()
		defer f.mu.Unlock()
		return f.empties > n && len(f.identify) == 0
	})
}

// startSensor connects s to the env's clock (Run in the background) and
// waits until the clock is online. The returned function disconnects it
// (the test's cleanup does too).
func (e *testEnv) startSensor(s *fakeSensor) (unplug func()) {
	e.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = e.app.Clock.Run(ctx, s)
	}()
	unplug = func() { cancel(); <-done }
	e.t.Cleanup(unplug)
	waitFor(e.t, "the clock to go online", e.app.Clock.Online)
	return unplug
}

// waitFor polls cond until it holds or 5 s pass.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
