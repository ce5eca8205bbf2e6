package punchclock

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"bianmin/appliance/attendance"
	"bianmin/appliance/enrol"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// fakeSensor plays a queue of Identify answers and records what was asked.
type fakeSensor struct {
	mu       sync.Mutex
	answers  []answer // consumed by Identify; empty = no finger
	captures []error  // consumed by Capture; empty = success
	model    error
	stored   map[int][]byte
	deleted  []int
	signals  []bool
}

type answer struct {
	page, score int
	err         error
}

func (f *fakeSensor) Identify(context.Context) (int, int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.answers) == 0 {
		return 0, 0, ErrNoFinger
	}
	a := f.answers[0]
	f.answers = f.answers[1:]
	return a.page, a.score, a.err
}
func (f *fakeSensor) Capture(context.Context, int) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.captures) == 0 {
		return nil
	}
	err := f.captures[0]
	f.captures = f.captures[1:]
	return err
}
func (f *fakeSensor) CreateModel(context.Context) error { return f.model }
func (f *fakeSensor) NextFreePage(context.Context) (int, error) {
	for p := 0; ; p++ {
		if _, ok := f.stored[p]; !ok {
			return p, nil
		}
	}
}
func (f *fakeSensor) Store(_ context.Context, page int) error {
	f.stored[page] = []byte("tpl")
	return nil
}
func (f *fakeSensor) Download(_ context.Context, page int) ([]byte, error) {
	return append([]byte("template-of-"), byte('0'+page)), nil
}
func (f *fakeSensor) Upload(_ context.Context, page int, t []byte) error {
	f.stored[page] = t
	return nil
}
func (f *fakeSensor) Delete(_ context.Context, page int) error {
	delete(f.stored, page)
	f.deleted = append(f.deleted, page)
	return nil
}
func (f *fakeSensor) Signal(_ context.Context, ok bool) {
	f.mu.Lock()
	f.signals = append(f.signals, ok)
	f.mu.Unlock()
}

type syncedClock struct{}

func (syncedClock) Quality() attendance.TimeQuality { return attendance.TimeSynced }

type rig struct {
	clock  *Clock
	enrols *enrol.Service
	a, b   staff.Staff
	events <-chan Event
}

func newRig(t *testing.T) *rig {
	t.Helper()
	db, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	reg := staff.New(db)
	u, _ := reg.CreateUnit("t", staff.Unit{Name: "民政办", Active: true})
	a, _ := reg.CreateStaff("t", staff.Staff{StaffNo: "QS001", Name: "王建国", UnitID: u.ID, Post: staff.PostA, Position: staff.PositionStaff, Active: true})
	b, _ := reg.CreateStaff("t", staff.Staff{StaffNo: "QS002", Name: "李秀英", UnitID: u.ID, Post: staff.PostB, Position: staff.PositionStaff, Active: true})
	enrols, err := enrol.New(db)
	if err != nil {
		t.Fatal(err)
	}
	for page, p := range []staff.Staff{a, b} {
		if _, err := enrols.Add("t", enrol.Enrollment{StaffID: p.ID, Page: page, ConsentOn: "2026-03-01"}, []byte{1, 2, 3}); err != nil {
			t.Fatal(err)
		}
	}
	hub := NewHub()
	c := New(Config{PollInterval: time.Millisecond, LiftTimeout: 200 * time.Millisecond}, attendance.New(db, 0), enrols, reg, syncedClock{}, hub)
	ev, stop := hub.Subscribe()
	t.Cleanup(stop)
	return &rig{clock: c, enrols: enrols, a: a, b: b, events: ev}
}

// run runs the clock on s until it has published n events.
func (r *rig) run(t *testing.T, s Sensor, n int) []Event {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.clock.Run(ctx, s) }()
	var out []Event
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
	s := &fakeSensor{stored: map[int][]byte{}, answers: []answer{
		{page: 0, score: 120}, // 王建国 presses
		{page: 0, score: 120}, // still holding: the same press
		{page: 1, score: 90},  // 李秀英 presses before the sensor was seen empty: a new press
		{err: ErrNoFinger},    // lifted
		{err: ErrNoMatch},     // a stranger
		{err: ErrNoFinger},    // lifted
		{err: ErrBadImage},    // a smudge
		{err: ErrNoFinger},    // lifted
		{page: 7, score: 60},  // a page the box does not know
	}}
	ev := r.run(t, s, 5)
	want := []struct {
		kind EventKind
		name string
	}{{EventPunch, "王建国"}, {EventPunch, "李秀英"}, {EventNoMatch, ""}, {EventBadImage, ""}, {EventNoMatch, ""}}
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
	if len(s.signals) < 4 || !s.signals[0] || !s.signals[1] || s.signals[2] || s.signals[3] {
		t.Errorf("signals %v", s.signals)
	}
}

func TestSensorFailureEndsRun(t *testing.T) {
	r := newRig(t)
	boom := errors.New("line hung up")
	err := r.clock.Run(context.Background(), &fakeSensor{stored: map[int][]byte{}, answers: []answer{{err: boom}}})
	if !errors.Is(err, boom) {
		t.Fatalf("Run = %v, want the sensor's error for the reconnect loop", err)
	}
	if r.clock.Online() {
		t.Fatal("clock still online after the sensor failed")
	}
	if err := r.clock.Exclusive(context.Background(), func(Sensor) error { return nil }); !errors.Is(err, ErrOffline) {
		t.Fatalf("Exclusive while offline = %v", err)
	}
}

// withSensor runs fn while the clock is online with s.
func (r *rig) withSensor(t *testing.T, s Sensor, fn func()) {
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
	s := &fakeSensor{stored: map[int][]byte{0: []byte("x")}}
	r.withSensor(t, s, func() {
		var steps []EnrolStep
		e, err := r.clock.Enrol(context.Background(), "office", r.b.ID, "2026-03-02", func(st EnrolStep) { steps = append(steps, st) })
		if err != nil || e.Page != 1 || e.Finger != 1 {
			t.Fatalf("enrol: %+v %v", e, err)
		}
		want := []EnrolStep{StepPressFirst, StepLift, StepPressSecond, StepSaving, StepDone}
		if len(steps) != len(want) {
			t.Fatalf("steps %v, want %v", steps, want)
		}
		if tpl, _ := r.enrols.Template(e); string(tpl) != "template-of-1" {
			t.Fatalf("kept copy %q", tpl)
		}
		// The two presses were different fingers: nothing is kept anywhere.
		s.model = ErrNotSameFinger
		if _, err := r.clock.Enrol(context.Background(), "office", r.b.ID, "2026-03-02", nil); !errors.Is(err, ErrNotSameFinger) {
			t.Fatalf("different fingers: %v", err)
		}
		// Consent is required before any capture.
		if _, err := r.clock.Enrol(context.Background(), "office", r.b.ID, "", nil); !errors.Is(err, enrol.ErrConsentMissing) {
			t.Fatalf("no consent: %v", err)
		}
		// Leaving: the box's records and the sensor's page go.
		n, cleared, err := r.clock.RemoveStaff(context.Background(), "office", r.b.ID)
		if err != nil || n != 1 || !cleared || len(s.deleted) != 1 || s.deleted[0] != 1 {
			t.Fatalf("remove: %d %v %v, deleted %v", n, cleared, err, s.deleted)
		}
		// A replacement sensor gets every kept template back.
		fresh := map[int][]byte{}
		s.stored = fresh
		if n, err := r.clock.Reenrol(context.Background()); err != nil || n != 1 || string(fresh[0]) != "\x01\x02\x03" {
			t.Fatalf("re-enrol: %d %v %v", n, err, fresh)
		}
	})
}
