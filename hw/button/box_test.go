package button_test

import (
	"runtime"
	"testing"
	"time"

	"bianmin/hw/button"
)

const boxPath = "/dev/bianmin-ratingbox-3"

// boxMap: window 3 has a serial rating box; window 1 header buttons.
func boxMap() button.Map {
	m := headerMap()
	m.Boxes = []button.Box{{Window: 3, Path: boxPath}}
	return m
}

// These run in real time: the box is a simulator on a pseudo-terminal,
// read by the real serial driver.
func TestBoxSimulatorDeliversPresses(t *testing.T) {
	m := boxMap()
	rig := newRig(t, m)
	baseline := runtime.NumGoroutine()
	r := start(t, m, rig)
	dev := button.BoxDevice(3)
	r.st.waitState(t, dev, "connected", 5*time.Second)
	sim := rig.Boxes[3]

	before := time.Now()
	if err := sim.Press(button.VeryDissatisfied); err != nil {
		t.Fatal(err)
	}
	p := r.next(t, 5*time.Second)
	if want := button.RatingButton(3, button.VeryDissatisfied); p.Button != want || p.Device != dev {
		t.Errorf("press %+v, want %s from %s", p, want, dev)
	}
	if p.At.Before(before) || time.Since(p.At) > 2*time.Second {
		t.Errorf("press at %v, sent at %v", p.At, before)
	}
	if _, _, queries := sim.Stats(); queries < 1 {
		t.Errorf("the host never asked the box who it is")
	}

	// Noise on the line: a key out of range, junk, an overlong line, and a
	// key repeated at once (a bounce the box let through) count once.
	sim.Send([]byte("R3:9\nxx\n" + string(make([]byte, 40)) + "\nR3:1\nR3:1\n"))
	if p := r.next(t, 5*time.Second); p.Button != button.RatingButton(3, button.VerySatisfied) {
		t.Errorf("press %+v after noise", p)
	}
	r.none(t, 300*time.Millisecond)
	if c := r.b.Counters()[dev]; c["garbage"] != 3 || c["presses"] != 2 {
		t.Errorf("counters %v, want 3 garbage lines and 2 presses", c)
	}

	// Both kinds of input run side by side.
	go rig.Press(button.TicketButton("A"))
	if p := r.next(t, 5*time.Second); p.Button != button.TicketButton("A") || p.Device != button.GPIODevice {
		t.Errorf("header press %+v", p)
	}

	r.stop(t, 2*time.Second)
	waitGoroutines(t, baseline)
}

// A box set to another window's number is refused, not believed: its
// presses are dropped and it is reported until it is set right.
func TestBoxOfAnotherWindow(t *testing.T) {
	m := boxMap()
	rig := newRig(t, m)
	r := start(t, m, rig)
	dev := button.BoxDevice(3)
	r.st.waitState(t, dev, "connected", 5*time.Second)
	sim := rig.Boxes[3]

	sim.SetWindow(5)
	r.st.waitState(t, dev, "error: the rating box on "+boxPath+" says it is window 5's", 5*time.Second)
	_ = sim.Press(button.Satisfied)
	r.none(t, 500*time.Millisecond)
	if c := r.b.Counters()[dev]; c["foreign"] != 1 {
		t.Errorf("counters %v, want 1 foreign press", c)
	}
	sim.SetWindow(3)
	r.st.waitState(t, dev, "connected", 5*time.Second)
	_ = sim.Press(button.Satisfied)
	if p := r.next(t, 5*time.Second); p.Button != button.RatingButton(3, button.Satisfied) {
		t.Errorf("press %+v", p)
	}
	r.stop(t, 2*time.Second)
}

// Unplugged and plugged back in: reported, reopened, presses resume.
func TestBoxUnplugReplug(t *testing.T) {
	m := boxMap()
	rig := newRig(t, m)
	r := start(t, m, rig)
	dev := button.BoxDevice(3)
	r.st.waitState(t, dev, "connected", 5*time.Second)
	if err := rig.UnplugBox(boxPath); err != nil {
		t.Fatal(err)
	}
	r.st.waitState(t, dev, "reconnecting", 5*time.Second)
	if err := rig.ReplugBox(boxPath); err != nil {
		t.Fatal(err)
	}
	r.st.waitState(t, dev, "connected", 5*time.Second)
	if err := rig.Press(button.RatingButton(3, button.Dissatisfied)); err != nil {
		t.Fatal(err)
	}
	if p := r.next(t, 5*time.Second); p.Button != button.RatingButton(3, button.Dissatisfied) {
		t.Errorf("press after replug %+v", p)
	}
	r.stop(t, 2*time.Second)
}

// waitGoroutines waits up to 2 s for the goroutine count to fall back to
// baseline: nothing Run started is left behind.
func waitGoroutines(t *testing.T, baseline int) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > baseline {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("%d goroutines left, %d before Run:\n%s", runtime.NumGoroutine(), baseline, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(10 * time.Millisecond)
	}
}
