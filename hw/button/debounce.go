package button

import "time"

// debouncer turns the raw changes of one contact into presses. A
// mechanical contact bounces for a few milliseconds when it closes and when
// it opens; a cable picks up spikes. The rule: changes closer together than
// the window are one burst; a burst is over when the contact has been quiet
// for the window; then the level read decides. If the contact is now held
// and was not before, that is one press, timed at the burst's first change
// (the moment the contact first closed, not when it settled). A burst that
// ends where it began (a spike, a tap shorter than the window) is nothing.
//
// Both sources use it: the GPIO lines feed it the kernel's edges, the
// expanders feed it the changes they see between two polls. It does no I/O
// and holds no clock: callers pass the times.
type debouncer struct {
	window time.Duration
	held   bool      // the settled state: the button is held down
	moving bool      // a burst has started and not yet settled
	first  time.Time // the burst's first change
	last   time.Time // the burst's latest change
}

func newDebouncer(window time.Duration, held bool) *debouncer {
	return &debouncer{window: window, held: held}
}

// change records a raw change of the contact seen at t.
func (d *debouncer) change(t time.Time) {
	if !d.moving {
		d.moving, d.first = true, t
	}
	d.last = t
}

// settleAt is when the current burst is over if nothing else changes; the
// zero time when no burst is under way.
func (d *debouncer) settleAt() time.Time {
	if !d.moving {
		return time.Time{}
	}
	return d.last.Add(d.window)
}

// settle ends the burst when it is over at now, given whether the contact
// is held now. It returns the time of a new press, ok false when there is
// none (no burst, not over yet, a release, or a burst that came back to
// where it began).
func (d *debouncer) settle(now time.Time, held bool) (at time.Time, ok bool) {
	if !d.moving || now.Before(d.settleAt()) {
		return time.Time{}, false
	}
	d.moving = false
	if held == d.held {
		return time.Time{}, false
	}
	d.held = held
	if !held {
		return time.Time{}, false
	}
	return d.first, true
}
