package ui

import (
	"context"
	"testing"
	"time"

	"bianmin/appliance/punchclock"
	"bianmin/appliance/punchclock/punchclocktest"
)

// settled waits until the sensor has been found empty again, so the clock
// is done with the last press (a press queued while the clock waits for a
// lift counts as the same finger held).
func settled(t testing.TB, s *punchclocktest.Sensor) {
	t.Helper()
	n := s.EmptyReads()
	waitFor(t, "the sensor to be found empty", func() bool {
		return s.EmptyReads() > n && s.Pending() == 0
	})
}

// startSensor connects s to the env's clock (Run in the background) and
// waits until the clock is online. The returned function disconnects it
// (the test's cleanup does too).
func (e *testEnv) startSensor(s punchclock.Sensor) (unplug func()) {
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
