package button_test

import (
	"testing"
	"testing/synctest"
	"time"

	"bianmin/hw/button"
)

// expanderMap: windows 2 and 3 on an MCP23017 at 0x20 (GPA0..GPA4 and
// GPB0..GPB4), window 4 on one at 0x21 with a button wired to 3.3 V.
func expanderMap() button.Map {
	x2 := button.Expander{Bus: 1, Address: 0x21, Lines: windowOnExpander(4, 0, 1, 2, 3, 4)}
	x2.Lines[4].Pull, x2.Lines[4].Active = button.PullNone, button.ActiveHigh
	return button.Map{Expanders: []button.Expander{
		{Bus: 1, Address: 0x20, Lines: append(windowOnExpander(2, 0, 1, 2, 3, 4), windowOnExpander(3, 8, 9, 10, 11, 12)...)},
		x2,
	}}
}

// The expander fake delivers presses; bounce within 20 ms counts once;
// the chip gets pull-ups where the map asks for them.
func TestExpanderDeliversDebouncedPresses(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m := expanderMap()
		rig := newRig(t, m)
		r := start(t, m, rig)
		dev20, dev21 := button.ExpanderDevice(1, 0x20), button.ExpanderDevice(1, 0x21)
		r.st.waitState(t, dev20, "connected", time.Second)
		r.st.waitState(t, dev21, "connected", time.Second)
		chip20, chip21 := rig.Chips[[2]int{1, 0x20}], rig.Chips[[2]int{1, 0x21}]
		if got := chip20.Pullups(); got != 0x1F1F {
			t.Errorf("0x20 pull-ups %04X, want 1F1F (GPA0-4, GPB0-4)", got)
		}
		if got := chip21.Pullups(); got != 0x000F {
			t.Errorf("0x21 pull-ups %04X, want 000F (the active-high line has none)", got)
		}

		t0 := time.Now()
		chip20.PressBouncing(10, 4, 2*time.Millisecond) // GPB2: window 3, 基本满意; 16 ms of bounce
		time.Sleep(100 * time.Millisecond)
		chip20.Release(10)
		p := r.next(t, time.Second)
		if want := button.RatingButton(3, button.Basic); p.Button != want || p.Device != dev20 {
			t.Errorf("press %+v, want %s from %s", p, want, dev20)
		}
		// Polled every 5 ms: the press is timed at the poll that first saw it.
		if d := p.At.Sub(t0); d < 0 || d > button.DefaultPoll {
			t.Errorf("press timed %v after the contact closed, want within one poll (%v)", d, button.DefaultPoll)
		}
		r.none(t, 500*time.Millisecond)

		chip21.Click(4, 60*time.Millisecond)
		if p := r.next(t, time.Second); p.Button != button.RatingButton(4, button.VeryDissatisfied) || p.Device != dev21 {
			t.Errorf("active-high press %+v", p)
		}
		r.stop(t, time.Second)
		if c := r.b.Counters(); c[dev20]["presses"] != 1 || c[dev21]["presses"] != 1 {
			t.Errorf("counters %v", c)
		}
	})
}

// A chip that browns out loses its pull-ups: it is configured again within
// a second and keeps working. One that stops answering is reported and
// reopened when it is back.
func TestExpanderGlitchAndUnplug(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m := expanderMap()
		rig := newRig(t, m)
		r := start(t, m, rig)
		dev := button.ExpanderDevice(1, 0x20)
		r.st.waitState(t, dev, "connected", time.Second)
		chip := rig.Chips[[2]int{1, 0x20}]

		chip.PowerGlitch()
		time.Sleep(1100 * time.Millisecond)
		if got := chip.Pullups(); got != 0x1F1F {
			t.Fatalf("pull-ups after a power glitch %04X, want them restored", got)
		}
		chip.Click(0, 50*time.Millisecond)
		if p := r.next(t, time.Second); p.Button != button.RatingButton(2, button.VerySatisfied) {
			t.Errorf("press after glitch %+v", p)
		}

		chip.Unplug()
		r.st.waitState(t, dev, "reconnecting: MCP23017 at 0x20", time.Second)
		if got := r.st.last(button.ExpanderDevice(1, 0x21)); got != "connected: " {
			t.Errorf("the other chip is %q; one chip's trouble must not touch another", got)
		}
		chip.Replug()
		r.st.waitState(t, dev, "connected", time.Second)
		chip.Click(1, 50*time.Millisecond)
		if p := r.next(t, time.Second); p.Button != button.RatingButton(2, button.Satisfied) {
			t.Errorf("press after replug %+v", p)
		}
		r.stop(t, time.Second)
	})
}

// The poll rate is what the map says: about 200 reads a second at 5 ms.
func TestExpanderPollRate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m := expanderMap()
		m.PollMS = 10
		rig := newRig(t, m)
		r := start(t, m, rig)
		r.st.waitState(t, button.ExpanderDevice(1, 0x20), "connected", time.Second)
		chip := rig.Chips[[2]int{1, 0x20}]
		before := chip.Reads()
		time.Sleep(time.Second)
		if n := chip.Reads() - before; n < 99 || n > 101 {
			t.Errorf("%d reads in a second at PollMS 10, want 100", n)
		}
		r.stop(t, time.Second)
	})
}
