package punchclock_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"bianmin/appliance/attendance"
	"bianmin/appliance/enrol"
	"bianmin/appliance/punchclock"
	"bianmin/appliance/punchclock/punchclocktest"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
	"bianmin/appliance/store/storetest"
)

type rig struct {
	clock  *punchclock.Clock
	enrols *enrol.Service
	a, b   staff.Staff
	events <-chan punchclock.Event
}

func newRig(t *testing.T) *rig {
	t.Helper()
	db := storetest.Open(t, store.Options{})
	reg := staff.New(db)
	u, _ := reg.CreateUnit("t", staff.Unit{Name: "民政办", Active: true})
	a, _ := reg.CreateStaff("t", staff.Staff{StaffNo: "QS001", Name: "王建国", UnitID: u.ID, Post: staff.PostA, Position: staff.PositionStaff})
	b, _ := reg.CreateStaff("t", staff.Staff{StaffNo: "QS002", Name: "李秀英", UnitID: u.ID, Post: staff.PostB, Position: staff.PositionStaff})
	enrols, err := enrol.New(db)
	if err != nil {
		t.Fatal(err)
	}
	for page, p := range []staff.Staff{a, b} {
		if _, err := enrols.Add("t", enrol.Enrollment{StaffID: p.ID, Page: page, ConsentOn: "2026-03-01"}, []byte{1, 2, 3}); err != nil {
			t.Fatal(err)
		}
	}
	hub := punchclock.NewHub()
	c := punchclock.New(punchclock.Config{PollInterval: time.Millisecond, LiftTimeout: 200 * time.Millisecond}, attendance.New(db, 0), enrols, reg, &punchclocktest.Time{}, hub)
	ev, stop := hub.Subscribe()
	t.Cleanup(stop)
	return &rig{clock: c, enrols: enrols, a: a, b: b, events: ev}
}

// run runs the clock on s until it has published n events.
func (r *rig) run(t *testing.T, s punchclock.Sensor, n int) []punchclock.Event {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.clock.Run(ctx, s) }()
	var out []punchclock.Event
	for len(out) < n {
		select {
		case e := <-r.events:
			out = append(out, e)
		case <-time.After(3 * time.Second):
			t.Fatalf("got %d events, want %d: %+v", len(out), n, out)
		}
	}
	cancel()
	<-done
	return out
}

func TestClockEvents(t *testing.T) {
	r := newRig(t)
	s := punchclocktest.New()
	s.Queue(
		punchclocktest.Match(0, 120), // 王建国 presses
		punchclocktest.Match(0, 120), // still holding: the same press
		punchclocktest.Match(1, 90),  // 李秀英 presses before the sensor was seen empty: a new press
		punchclocktest.Lifted(),
		punchclocktest.NoMatch(), // a stranger
		punchclocktest.Lifted(),
		punchclocktest.BadImage(), // a smudge
		punchclocktest.Lifted(),
		punchclocktest.Match(7, 60), // a page the box does not know
	)
	ev := r.run(t, s, 5)
	want := []struct {
		kind punchclock.EventKind
		name string
	}{{punchclock.EventPunch, "王建国"}, {punchclock.EventPunch, "李秀英"}, {punchclock.EventNoMatch, ""}, {punchclock.EventBadImage, ""}, {punchclock.EventNoMatch, ""}}
	for i, w := range want {
		if ev[i].Kind != w.kind || ev[i].Name != w.name {
			t.Errorf("event %d = %s %q, want %s %q", i, ev[i].Kind, ev[i].Name, w.kind, w.name)
		}
	}
	if ev[0].Ordinal != 1 || ev[0].PunchID == 0 {
		t.Errorf("first punch: %+v", ev[0])
	}
	if r.clock.NoMatches() != 2 {
		t.Errorf("no-match count %d, want 2", r.clock.NoMatches())
	}
	// OK was signalled for the punches, not-OK for the rest.
	if sig := s.Signals(); len(sig) < 4 || !sig[0] || !sig[1] || sig[2] || sig[3] {
		t.Errorf("signals %v", sig)
	}
}

func TestSensorFailureEndsRun(t *testing.T) {
	r := newRig(t)
	s := punchclocktest.New()
	s.Unplug()
	err := r.clock.Run(context.Background(), s)
	if !errors.Is(err, punchclocktest.ErrUnplugged) {
		t.Fatalf("Run = %v, want the sensor's error for the reconnect loop", err)
	}
	if r.clock.Online() {
		t.Fatal("clock still online after the sensor failed")
	}
	if err := r.clock.Exclusive(context.Background(), func(punchclock.Sensor) error { return nil }); !errors.Is(err, punchclock.ErrOffline) {
		t.Fatalf("Exclusive while offline = %v", err)
	}
}

// withSensor runs fn while the clock is online with s.
func (r *rig) withSensor(t *testing.T, s punchclock.Sensor, fn func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { r.clock.Run(ctx, s); close(done) }()
	for !r.clock.Online() {
		time.Sleep(time.Millisecond)
	}
	fn()
	cancel()
	<-done
}

func TestEnrolWalkThrough(t *testing.T) {
	r := newRig(t)
	r.enrols.Remove("t", r.b.ID)
	s := punchclocktest.New()
	s.Put(0, []byte("x")) // a page already in use
	r.withSensor(t, s, func() {
		var steps []punchclock.EnrolStep
		e, err := r.clock.Enrol(context.Background(), "office", r.b.ID, "2026-03-02", func(st punchclock.EnrolStep) { steps = append(steps, st) })
		if err != nil || e.Page != 1 || e.Finger != 1 {
			t.Fatalf("enrol: %+v %v", e, err)
		}
		want := []punchclock.EnrolStep{punchclock.StepPressFirst, punchclock.StepLift, punchclock.StepPressSecond, punchclock.StepSaving, punchclock.StepDone}
		if len(steps) != len(want) {
			t.Fatalf("steps %v, want %v", steps, want)
		}
		if tpl, _ := r.enrols.Template(e); !bytes.Equal(tpl, punchclocktest.StoredTemplate(1)) {
			t.Fatalf("kept copy %q", tpl)
		}
		// The two presses were different fingers: nothing is kept anywhere.
		s.SetModelError(punchclock.ErrNotSameFinger)
		if _, err := r.clock.Enrol(context.Background(), "office", r.b.ID, "2026-03-02", nil); !errors.Is(err, punchclock.ErrNotSameFinger) {
			t.Fatalf("different fingers: %v", err)
		}
		// Consent is required before any capture.
		if _, err := r.clock.Enrol(context.Background(), "office", r.b.ID, "", nil); !errors.Is(err, enrol.ErrConsentMissing) {
			t.Fatalf("no consent: %v", err)
		}
		// Leaving: the box's records and the sensor's page go.
		n, cleared, err := r.clock.RemoveStaff(context.Background(), "office", r.b.ID)
		if del := s.Deleted(); err != nil || n != 1 || !cleared || len(del) != 1 || del[0] != 1 {
			t.Fatalf("remove: %d %v %v, deleted %v", n, cleared, err, del)
		}
		// A replacement sensor gets every kept template back.
		s.Wipe()
		n, err = r.clock.Reenrol(context.Background())
		if tpl, _ := s.Template(0); err != nil || n != 1 || string(tpl) != "\x01\x02\x03" || s.Uploads() != 1 {
			t.Fatalf("re-enrol: %d %v, page 0 = %q, %d uploads", n, err, tpl, s.Uploads())
		}
	})
}
