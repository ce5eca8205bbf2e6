package button

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"bianmin/hw/serialport"
	"bianmin/internal/backoff"
)

// Press is one debounced press of a button.
type Press struct {
	Button ID
	// At is when the contact closed: the first edge of the press (for a
	// rating box, when its line arrived), not when the debounce settled.
	At time.Time
	// Device is the input that delivered it: "buttons-gpio",
	// "buttons-i2c1-0x20", "ratingbox-3", as on the device status page.
	Device string
}

// Source delivers presses from one kind of input. Run sends each press to
// out until ctx is done, then returns ctx.Err() once every goroutine it
// started has exited. A device that is missing or failing does not end
// Run: it is reported through Options.OnState and retried with capped
// backoff. Run may be called again after it returned. A press waits while
// out is full (the kernel keeps 16 edges a line meanwhile): give Run a
// buffered channel and read it promptly.
type Source interface {
	Run(ctx context.Context, out chan<- Press) error
}

// Device states reported through Options.OnState; the same words as
// serialport's and the device status page's.
const (
	StateConnected    = serialport.StateConnected    // open, watching its inputs
	StateReconnecting = serialport.StateReconnecting // not there (unplugged, no bus); retrying
	StateError        = serialport.StateError        // there but failing (a noisy line, a busy line, a box of another window); retrying or reporting
)

// Options are the parts of a source that are not in the line map. Every
// field is optional.
type Options struct {
	// OnState is called with a device name (see Press.Device), a state and,
	// unless connected, the English text of what is wrong, each time a
	// device's state or message changes. It is called from the sources'
	// goroutines and must not block.
	OnState func(device, state, msg string)
	Logger  *slog.Logger // default slog.Default()
	// Backoff spaces the attempts to reopen a device; the zero Policy is
	// 200ms doubling to 10s.
	Backoff backoff.Policy
	// Wait bounds each WaitForEdge on a header line, so a watcher notices
	// that Run's context is done within about this long; default 250ms.
	Wait time.Duration
}

// withDefaults is the one place Options defaults are applied.
func (o Options) withDefaults() Options {
	if o.OnState == nil {
		o.OnState = func(string, string, string) {}
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Wait <= 0 {
		o.Wait = 250 * time.Millisecond
	}
	return o
}

// Group is several sources run as one.
type Group []Source

// Run runs every source until ctx is done and returns ctx.Err() once all
// of them have returned.
func (g Group) Run(ctx context.Context, out chan<- Press) error {
	var wg sync.WaitGroup
	errs := make([]error, len(g))
	for i, s := range g {
		wg.Go(func() { errs[i] = s.Run(ctx, out) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil && !errors.Is(err, ctx.Err()) {
			return errors.Join(errs...)
		}
	}
	return ctx.Err()
}

// deliver sends p unless ctx is done first.
func deliver(ctx context.Context, out chan<- Press, p Press) {
	select {
	case out <- p:
	case <-ctx.Done():
	}
}

// reporter reports one device's state, once per change.
type reporter struct {
	device string
	opts   Options
	log    *slog.Logger

	mu         sync.Mutex
	state, msg string
}

func newReporter(device string, opts Options) *reporter {
	return &reporter{device: device, opts: opts, log: opts.Logger.With("device", device)}
}

func (r *reporter) set(state, msg string) {
	r.mu.Lock()
	changed := state != r.state || msg != r.msg
	r.state, r.msg = state, msg
	r.mu.Unlock()
	if !changed {
		return
	}
	if state == StateConnected {
		r.log.Info("button input ready")
	} else {
		r.log.Warn("button input down", "state", state, "err", msg)
	}
	r.opts.OnState(r.device, state, msg)
}

// keepRunning runs session until ctx is done. When session returns an
// error (it could not open its device, or lost it), the error is reported
// and session runs again after a backoff delay, counted from the start
// again after a session that had reported itself connected. It returns
// ctx.Err().
func keepRunning(ctx context.Context, r *reporter, session func(ctx context.Context, connected func()) error) error {
	b := backoff.New(r.opts.Backoff, backoff.Options{})
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		wasUp := false
		err := session(ctx, func() { wasUp = true; r.set(StateConnected, "") })
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if wasUp {
			b.Reset()
		}
		if err == nil {
			err = errors.New("input stopped — restarting")
		}
		state := StateError
		if errors.Is(err, errMissing) {
			state = StateReconnecting
		}
		r.set(state, err.Error())
		if err := b.Sleep(ctx, b.Next()); err != nil {
			return err
		}
	}
}

// errMissing is wrapped by errors that mean the device is not there (no
// GPIO chip, no I²C bus, no answer at the expander's address), as opposed
// to there but failing.
var errMissing = errors.New("not found")
