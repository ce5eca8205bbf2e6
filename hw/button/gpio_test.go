package button_test

import (
	"strings"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"bianmin/hw/button"
	"bianmin/hw/button/buttontest"
)

// headerMap: window 1's five rating buttons and the 取号 button of service
// A on header lines.
func headerMap() button.Map {
	m := button.Map{GPIO: windowOn(1, 17, 27, 22, 5, 6)}
	m.GPIO = append(m.GPIO, button.Line{GPIO: 13, Button: button.TicketButton("A")})
	return m
}

func newRig(t *testing.T, m button.Map) *buttontest.Rig {
	t.Helper()
	rig, err := buttontest.NewRig(m, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = rig.Close() })
	return rig
}

// The "Done when": contact bounce within 20 ms counts once, and
// the press is timed at the first contact, not when the bouncing stopped.
func TestGPIOBounceWithin20msCountsOnce(t *testing.T) {
	cases := []struct {
		name    string
		bounces int
		gap     time.Duration
	}{
		{"clean", 0, 0},
		{"3 bounces over 6 ms", 3, time.Millisecond},
		{"5 bounces over 19 ms", 5, 1900 * time.Microsecond},
		{"9 bounces, 2 ms apart (36 ms of chatter)", 9, 2 * time.Millisecond},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				m := headerMap()
				rig := newRig(t, m)
				r := start(t, m, rig)
				r.st.waitState(t, button.GPIODevice, "connected", time.Second)
				pin := rig.Pins[22]
				t0 := time.Now()
				pin.PressBouncing(tc.bounces, tc.gap)
				time.Sleep(100 * time.Millisecond)
				pin.ReleaseBouncing(tc.bounces, tc.gap)
				p := r.next(t, time.Second)
				if want := button.RatingButton(1, button.Basic); p.Button != want || !p.At.Equal(t0) || p.Device != button.GPIODevice {
					t.Errorf("press %+v, want %s at %v (the first contact) from %s", p, want, t0, button.GPIODevice)
				}
				r.none(t, time.Second)
				r.stop(t, time.Second)
				if _, _, dropped, zero := pin.Stats(); dropped != 0 || zero != 0 {
					t.Errorf("edges dropped %d, WaitForEdge(0) calls %d; want 0 and 0", dropped, zero)
				}
			})
		})
	}
}

// Changes 20 ms or more apart are separate: a second press after a real
// release counts, a spike and a tap shorter than the debounce do not.
func TestGPIOSeparatePressesSpikesAndTaps(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m := headerMap()
		rig := newRig(t, m)
		r := start(t, m, rig)
		r.st.waitState(t, button.GPIODevice, "connected", time.Second)
		ticket := rig.Pins[13]

		ticket.Glitch()
		time.Sleep(50 * time.Millisecond)
		ticket.Press() // a 10 ms tap
		time.Sleep(10 * time.Millisecond)
		ticket.Release()
		r.none(t, 500*time.Millisecond)

		t1 := time.Now()
		ticket.Click(60 * time.Millisecond)
		time.Sleep(40 * time.Millisecond)
		t2 := time.Now()
		ticket.Click(60 * time.Millisecond)
		for i, want := range []time.Time{t1, t2} {
			p := r.next(t, time.Second)
			if p.Button != button.TicketButton("A") || !p.At.Equal(want) {
				t.Errorf("press %d: %+v, want ticket:A at %v", i+1, p, want)
			}
		}
		r.none(t, time.Second)
		r.stop(t, time.Second)
	})
}

// Pull-ups as configured; every goroutine stops when Run's context ends
// (synctest.Test fails if one is left), and every line is given back.
func TestGPIOPullsAndCleanStop(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m := headerMap()
		m.GPIO[5].Pull, m.GPIO[5].Active = button.PullDown, button.ActiveHigh
		rig := newRig(t, m)
		r := start(t, m, rig)
		r.st.waitState(t, button.GPIODevice, "connected", time.Second)
		if got := rig.Pins[17].Pull().String(); got != "PullUp" {
			t.Errorf("GPIO17 pull %s, want PullUp (the default)", got)
		}
		if got := rig.Pins[13].Pull().String(); got != "PullDown" {
			t.Errorf("GPIO13 pull %s, want PullDown", got)
		}
		start := time.Now()
		rig.Pins[13].Click(50 * time.Millisecond)
		if p := r.next(t, time.Second); p.Button != button.TicketButton("A") || !p.At.Equal(start) {
			t.Errorf("active-high press %+v", p)
		}
		r.stop(t, 300*time.Millisecond) // within one bounded wait (250 ms)
		for n, pin := range rig.Pins {
			if _, closes, _, _ := pin.Stats(); closes != 1 {
				t.Errorf("GPIO%d closed %d times, want 1", n, closes)
			}
		}
	})
}

// A line another program holds: reported, retried with backoff, and
// watched once it is free.
func TestGPIOBusyLineRetried(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m := headerMap()
		rig := newRig(t, m)
		rig.Pins[27].FailIn(syscall.EBUSY)
		r := start(t, m, rig)
		r.st.waitState(t, button.GPIODevice, "error: GPIO27", time.Second)
		rig.Pins[27].FailIn(nil)
		r.st.waitState(t, button.GPIODevice, "connected", time.Second)
		rig.Pins[27].Click(50 * time.Millisecond)
		if p := r.next(t, time.Second); p.Button != button.RatingButton(1, button.Satisfied) {
			t.Errorf("press %+v", p)
		}
		// The earlier lines of the failed attempt were given back too.
		if _, closes, _, _ := rig.Pins[17].Stats(); closes < 1 {
			t.Errorf("GPIO17 was not released after the failed attempt")
		}
		r.stop(t, time.Second)
	})
}

// A floating or broken line that changes hundreds of times a second is
// reported noisy and paused, and comes back when it calms down.
func TestGPIONoisyLine(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m := headerMap()
		rig := newRig(t, m)
		r := start(t, m, rig)
		r.st.waitState(t, button.GPIODevice, "connected", time.Second)
		pin := rig.Pins[6]
		for range 400 { // 400 edges a second for 1 s
			pin.Press()
			time.Sleep(2500 * time.Microsecond)
			pin.Release()
			time.Sleep(2500 * time.Microsecond)
		}
		if got := r.st.last(button.GPIODevice); !strings.HasPrefix(got, "error: GPIO6: more than 200 changes a second") {
			t.Fatalf("state %q, want error naming GPIO6", got)
		}
		r.st.waitState(t, button.GPIODevice, "connected", 3*time.Second)
		rig.Pins[17].Click(50 * time.Millisecond)
		for {
			p := r.next(t, time.Second)
			if p.Button == button.RatingButton(1, button.VerySatisfied) {
				break
			}
		}
		r.stop(t, 2*time.Second)
	})
}
