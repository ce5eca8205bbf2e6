package sim_test

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"bianmin/hw/fingerprint"
	"bianmin/hw/fingerprint/sim"
	"bianmin/hw/serialport"
)

// testTimeout bounds every test's context.
const testTimeout = 10 * time.Second

var quiet = fingerprint.Options{Logger: slog.New(slog.DiscardHandler)}

// rig is a simulator on a pty and the driver on the other end.
type rig struct {
	sim    *sim.Sim
	pair   *serialport.Pair
	port   serialport.Port
	sensor *fingerprint.Sensor
	ctx    context.Context
	done   chan error // Run's result
}

// startSim runs s on a new pty until the test ends.
func startSim(t *testing.T, s *sim.Sim) (*serialport.Pair, chan error) {
	t.Helper()
	pair, err := serialport.OpenPair()
	if err != nil {
		t.Fatalf("OpenPair: %v", err)
	}
	t.Cleanup(func() { _ = pair.Close() })
	return pair, runSim(t, s, pair)
}

func runSim(t *testing.T, s *sim.Sim, pair *serialport.Pair) chan error {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		done <- s.Run(ctx, pair)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-finished:
		case <-time.After(2 * time.Second):
			t.Error("simulator Run did not return after cancel")
		}
	})
	return done
}

func openPort(t *testing.T, path string) serialport.Port {
	t.Helper()
	port, err := serialport.Open(serialport.Config{Path: path, ReadTimeout: fingerprint.RecommendedReadTimeout})
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	t.Cleanup(func() { _ = port.Close() })
	return port
}

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	t.Cleanup(cancel)
	return ctx
}

// newRig starts a simulator with cfg and connects the driver to it.
func newRig(t *testing.T, cfg sim.Config) *rig {
	t.Helper()
	r := &rig{sim: sim.New(cfg), ctx: testContext(t)}
	r.pair, r.done = startSim(t, r.sim)
	r.port = openPort(t, r.pair.Path())
	var err error
	if r.sensor, err = fingerprint.New(r.ctx, r.port, quiet); err != nil {
		t.Fatalf("fingerprint.New: %v", err)
	}
	return r
}

// enroll walks through an enrolment of fingerID with two presses and
// returns the page it was stored at.
func (r *rig) enroll(t *testing.T, fingerID string) int {
	t.Helper()
	for _, buf := range []int{fingerprint.Buffer1, fingerprint.Buffer2} {
		r.sim.PlaceFinger(fingerID)
		if err := r.sensor.CaptureToBuffer(r.ctx, buf); err != nil {
			t.Fatalf("capture %s into buffer %d: %v", fingerID, buf, err)
		}
	}
	if err := r.sensor.CreateModel(r.ctx); err != nil {
		t.Fatalf("CreateModel: %v", err)
	}
	page, err := r.sensor.NextFreePage(r.ctx)
	if err != nil {
		t.Fatalf("NextFreePage: %v", err)
	}
	if err := r.sensor.StoreModel(r.ctx, page); err != nil {
		t.Fatalf("StoreModel(%d): %v", page, err)
	}
	return page
}

// identify places fingerID and identifies it.
func (r *rig) identify(fingerID string) (fingerprint.Match, error) {
	r.sim.PlaceFinger(fingerID)
	if err := r.sensor.CaptureImage(r.ctx); err != nil {
		return fingerprint.Match{}, err
	}
	return r.sensor.Identify(r.ctx)
}

func wantErr(t *testing.T, what string, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("%s: got %v, want %v", what, err, want)
	}
}
