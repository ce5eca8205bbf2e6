package button

import (
	"testing"
	"time"
)

// The debounce rule, change by change: ms are milliseconds after t0, held
// is the contact after that change.
func TestDebouncer(t *testing.T) {
	type change struct {
		ms   float64
		held bool
	}
	on := func(ms float64) change { return change{ms, true} }
	off := func(ms float64) change { return change{ms, false} }
	cases := []struct {
		name    string
		changes []change
		want    []float64 // press times, ms after t0
	}{
		{"one clean press", []change{on(0), off(100)}, []float64{0}},
		{"bounce within 20 ms counts once, timed at first contact", []change{on(0), off(1), on(2), off(4), on(7), off(12), on(19), off(150), on(151), off(153)}, []float64{0}},
		{"a spike is nothing", []change{on(50), off(50)}, nil},
		{"a tap shorter than the debounce is nothing", []change{on(0), off(15)}, nil},
		{"a press after a real release counts again", []change{on(0), off(80), on(200), off(280)}, []float64{0, 200}},
		{"re-closing 25 ms after opening is a new press", []change{on(0), off(60), on(85), off(200)}, []float64{0, 85}},
		{"release bounce makes no press", []change{on(0), off(100), on(101), off(103), on(106), off(110)}, []float64{0}},
		{"chatter that never rests is nothing until it rests", []change{on(0), off(10), on(20), off(30), on(40), off(50), on(60)}, []float64{0}},
	}
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.Local)
	at := func(ms float64) time.Time { return t0.Add(time.Duration(ms * float64(time.Millisecond))) }
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := newDebouncer(20*time.Millisecond, false)
			var got []float64
			held := false
			settle := func(until time.Time) {
				// The caller settles once the burst is over, as the watchers do.
				if s := d.settleAt(); !s.IsZero() && !s.After(until) {
					if p, ok := d.settle(s, held); ok {
						got = append(got, float64(p.Sub(t0))/float64(time.Millisecond))
					}
				}
			}
			for _, c := range tc.changes {
				settle(at(c.ms))
				d.change(at(c.ms))
				held = c.held
			}
			settle(at(10_000))
			if len(got) != len(tc.want) {
				t.Fatalf("presses at %v ms, want %v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("press %d at %v ms, want %v", i, got[i], tc.want[i])
				}
			}
		})
	}
}

// settle before the burst is over does nothing.
func TestDebouncerWaitsForQuiet(t *testing.T) {
	t0 := time.Now()
	d := newDebouncer(20*time.Millisecond, false)
	d.change(t0)
	if _, ok := d.settle(t0.Add(19*time.Millisecond), true); ok {
		t.Fatal("settled 19 ms after the last change")
	}
	if p, ok := d.settle(t0.Add(20*time.Millisecond), true); !ok || !p.Equal(t0) {
		t.Fatalf("settle at 20 ms = %v %v", p, ok)
	}
}
