package main

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"bianmin/appliance/device"
	"bianmin/appliance/punchclock"
	"bianmin/appliance/staff"
	"bianmin/hw/systime"
)

// clockRig is the real fingerprint path in one process: the simulator on a
// pty, the driver, the reconnecting link and the punch clock over a real
// store with the demo's staff enrolled.
type clockRig struct {
	svc   *services
	sim   *simDevices
	clock *punchclock.Clock
	devs  *device.Registry
	wang  staff.Staff
}

func newClockRig(t testing.TB) *clockRig {
	t.Helper()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	dir := t.TempDir()
	svc, err := openServices(dir, logger, time.Local)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	u, _ := svc.staff.CreateUnit("t", staff.Unit{Name: "民政办", Active: true})
	wang, err := svc.staff.CreateStaff("t", staff.Staff{StaffNo: "QS001", Name: "王建国", UnitID: u.ID, Post: staff.PostA, Position: staff.PositionStaff})
	if err != nil {
		t.Fatal(err)
	}
	sims, path, err := startSimDevices(dir, logger)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sims.Close() })
	if n, _, err := sims.enrolAll(svc.staff, svc.enrols); err != nil || n != 1 {
		t.Fatalf("enrol: %d, %v", n, err)
	}
	devs := device.NewRegistry(time.Now)
	times := punchTime{systime.New(systime.Options{Synced: func() bool { return true }})}
	r := &clockRig{svc: svc, sim: sims, devs: devs, wang: wang}
	r.clock = punchclock.New(punchclock.Config{Logger: logger, PollInterval: 20 * time.Millisecond},
		svc.punches, svc.enrols, svc.staff, times, punchclock.NewHub())
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go runFingerprintClock(ctx, path, r.clock, devs, logger)
	return r
}

func (r *clockRig) waitState(t testing.TB, want device.State) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if st, ok := r.devs.Get(fingerprintDevice); ok && st.State == want && (want != device.StateConnected || r.clock.Online()) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	st, _ := r.devs.Get(fingerprintDevice)
	t.Fatalf("fingerprint state %q (%s), want %q", st.State, st.Message, want)
}

// liftPause is the moment between two people's presses: the clock treats a
// finger still on the sensor right after a punch as the same press.
func liftPause() { time.Sleep(liftGap) }

const liftGap = 300 * time.Millisecond

func nextEvent(t testing.TB, ch <-chan punchclock.Event) punchclock.Event {
	t.Helper()
	select {
	case e := <-ch:
		return e
	case <-time.After(5 * time.Second):
		t.Fatal("no event from the punch clock within 5 s")
	}
	return punchclock.Event{}
}

// TestFingerprintPunchEndToEnd presses an enrolled finger on the simulator
// and expects a committed punch, then an unknown finger, then survives an
// unplug and replug without a restart.
func TestFingerprintPunchEndToEnd(t *testing.T) {
	r := newClockRig(t)
	r.waitState(t, device.StateConnected)
	events, stop := r.clock.Hub().Subscribe()
	defer stop()

	r.sim.PlaceFinger(r.wang.ID, 1)
	e := nextEvent(t, events)
	if e.Kind != punchclock.EventPunch || e.Name != "王建国" || e.Ordinal != 1 {
		t.Fatalf("event %+v, want a punch by 王建国, the day's first", e)
	}
	day := time.Now().Add(-time.Hour)
	got, _ := r.svc.punches.Punches(r.wang.ID, day, time.Now().Add(time.Minute))
	if len(got) != 1 || got[0].ID != e.PunchID || got[0].Quality != "synced" {
		t.Fatalf("stored punches %+v", got)
	}

	liftPause() // the clock waits for the finger to leave before the next press
	r.sim.PlaceUnknownFinger()
	if e := nextEvent(t, events); e.Kind != punchclock.EventNoMatch {
		t.Fatalf("unknown finger gave %+v", e)
	}
	if r.clock.NoMatches() != 1 {
		t.Fatalf("no-match count %d", r.clock.NoMatches())
	}

	// Unplug, see it, replug, punch again (a duplicate within 60 s).
	if err := r.sim.SetPlugged(fingerprintDevice, false); err != nil {
		t.Fatal(err)
	}
	r.waitState(t, device.StateReconnecting)
	if err := r.sim.SetPlugged(fingerprintDevice, true); err != nil {
		t.Fatal(err)
	}
	r.waitState(t, device.StateConnected)
	liftPause()
	r.sim.PlaceFinger(r.wang.ID, 1)
	if e := nextEvent(t, events); e.Kind != punchclock.EventDuplicate || e.PunchID != got[0].ID {
		t.Fatalf("press after replug gave %+v, want the duplicate of punch %d", e, got[0].ID)
	}
}

// TestDemoRestartRestoresFingers: the demo's simulated sensor starts empty
// on every start; on a data directory that has enrolments, the demo gives
// it the box's kept (encrypted) template copies, so the fingers enrolled
// before the restart still punch. Before, every finger was unmatched.
func TestDemoRestartRestoresFingers(t *testing.T) {
	r := newClockRig(t)
	r.waitState(t, device.StateConnected)
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	r.sim.Close() // the demo stops
	r.waitState(t, device.StateReconnecting)

	sims, _, err := startSimDevices(r.svc.db.DataDir(), logger) // the demo starts again: an empty sensor
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sims.Close() })
	if got := sims.finger.Templates(); len(got) != 0 {
		t.Fatalf("a new simulated sensor holds templates: %v", got)
	}
	n, restored, err := sims.enrolAll(r.svc.staff, r.svc.enrols)
	if err != nil || n != 0 || restored != 1 {
		t.Fatalf("enrolAll on a data directory with enrolments: enrolled %d, restored %d, %v; want 0 and 1", n, restored, err)
	}
	r.waitState(t, device.StateConnected) // the clock's link finds the new sensor at the same path
	events, stop := r.clock.Hub().Subscribe()
	defer stop()
	sims.PlaceFinger(r.wang.ID, 1)
	if e := nextEvent(t, events); e.Kind != punchclock.EventPunch || e.Name != "王建国" {
		t.Fatalf("press after the restart gave %+v, want a punch by 王建国", e)
	}
}
