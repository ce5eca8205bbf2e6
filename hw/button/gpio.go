package button

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"periph.io/x/conn/v3/gpio"
)

// GPIODevice is the device name of the header lines (Press.Device, OnState).
const GPIODevice = "buttons-gpio"

// Noise on a header line: a floating input (no pull resistor, a broken
// wire) or interference makes edges without end. Past this many in one
// second the line is reported noisy and ignored for a second at a time, so
// one bad line cannot eat the box's CPU.
const (
	noisyEdgesPerSecond = 200
	noisyPause          = time.Second
)

// gpioSource watches the header lines of a Map.
type gpioSource struct {
	lines    []Line // defaults applied
	debounce time.Duration
	pin      func(n int) (gpio.PinIn, error)
	opts     Options
	r        *reporter

	mu    sync.Mutex
	noisy map[int]bool // GPIO → noisy now
}

// openLine is a configured header line.
type openLine struct {
	Line
	pin gpio.PinIn
}

// held reports whether the button is down now.
func (l openLine) held() bool {
	return (l.pin.Read() == gpio.High) == (l.Active == ActiveHigh)
}

func (l openLine) name() string { return fmt.Sprintf("GPIO%d (%s)", l.GPIO, l.Button) }

func (g *gpioSource) Run(ctx context.Context, out chan<- Press) error {
	return keepRunning(ctx, g.r, func(ctx context.Context, connected func()) error {
		return g.session(ctx, out, connected)
	})
}

// session configures every line for both edges with its pull resistor,
// then watches each in its own goroutine until ctx is done. The lines are
// released when it returns.
func (g *gpioSource) session(ctx context.Context, out chan<- Press, connected func()) error {
	var lines []openLine
	defer func() {
		for _, l := range lines {
			release(l.pin)
		}
	}()
	for _, l := range g.lines {
		pin, err := g.pin(l.GPIO)
		if err != nil {
			return fmt.Errorf("GPIO%d (%s): %w", l.GPIO, l.Button, err)
		}
		if err := pin.In(l.Pull.periph(), gpio.BothEdges); err != nil {
			release(pin)
			return fmt.Errorf("GPIO%d (%s): cannot watch the line: %w — is another program using it? (gpioinfo shows the consumer)", l.GPIO, l.Button, err)
		}
		lines = append(lines, openLine{Line: l, pin: pin})
	}
	// Read every line's level before saying the input is ready, so a press
	// that comes after "connected" is a change from a known state.
	debouncers := make([]*debouncer, len(lines))
	for i, l := range lines {
		debouncers[i] = newDebouncer(g.debounce, l.held())
		if debouncers[i].held {
			g.r.log.Warn("button held at start: stuck, or wrong active level or pull", "line", l.name())
		}
	}
	connected()
	var wg sync.WaitGroup
	for i, l := range lines {
		wg.Go(func() { g.watch(ctx, l, debouncers[i], out) })
	}
	wg.Wait()
	return nil
}

// release gives a line back to the kernel when the pin can be closed
// (periph's gpioioctl lines can).
func release(pin gpio.PinIn) {
	switch c := pin.(type) {
	case interface{ Close() }:
		c.Close()
	case interface{ Close() error }:
		_ = c.Close()
	}
}

// watch turns one line's edges into presses until ctx is done. Each wait
// for an edge is bounded (Options.Wait, or until the current burst
// settles), so the goroutine notices ctx without periph's Halt, which
// cannot interrupt a wait that has not begun yet.
func (g *gpioSource) watch(ctx context.Context, l openLine, d *debouncer, out chan<- Press) {
	var noise noiseMeter
	for ctx.Err() == nil {
		wait := g.opts.Wait
		if at := d.settleAt(); !at.IsZero() {
			// Never 0: periph's gpioioctl reads 0 as "wait forever".
			wait = max(time.Until(at), time.Millisecond)
		}
		wasNoisy := noise.noisy
		if l.pin.WaitForEdge(wait) {
			now := time.Now()
			d.change(now)
			if noise.edge(now) {
				g.setNoisy(l, true)
				sleep(ctx, noisyPause)
				noise.restart(time.Now())
			}
		} else {
			now := time.Now()
			noise.quiet(now)
			if at, ok := d.settle(now, l.held()); ok {
				deliver(ctx, out, Press{Button: l.Button, At: at, Device: GPIODevice})
			}
		}
		if wasNoisy && !noise.noisy {
			g.setNoisy(l, false)
		}
	}
}

// setNoisy records a line's noise and reports the device's state.
func (g *gpioSource) setNoisy(l openLine, noisy bool) {
	g.mu.Lock()
	if g.noisy == nil {
		g.noisy = map[int]bool{}
	}
	if noisy {
		g.noisy[l.GPIO] = true
	} else {
		delete(g.noisy, l.GPIO)
	}
	var names []string
	for _, x := range g.lines {
		if g.noisy[x.GPIO] {
			names = append(names, fmt.Sprintf("GPIO%d", x.GPIO))
		}
	}
	g.mu.Unlock()
	if len(names) == 0 {
		g.r.set(StateConnected, "")
		return
	}
	slices.Sort(names)
	g.r.set(StateError, fmt.Sprintf("%s: more than %d changes a second, ignored — check the wiring, the pull setting and for a loose contact",
		strings.Join(names, ", "), noisyEdgesPerSecond))
}

// noiseMeter counts a line's edges per second.
type noiseMeter struct {
	start time.Time // the current second began
	n     int       // edges in it
	noisy bool      // over the limit, and no whole calm second since
}

// roll starts a new second when the current one is over; a second that
// stayed below the limit makes the line calm again.
func (m *noiseMeter) roll(now time.Time) {
	if now.Sub(m.start) >= time.Second {
		if m.n < noisyEdgesPerSecond {
			m.noisy = false
		}
		m.start, m.n = now, 0
	}
}

// edge counts an edge at now; true when the line is over the limit and
// its watcher should pause.
func (m *noiseMeter) edge(now time.Time) bool {
	m.roll(now)
	m.n++
	if m.n >= noisyEdgesPerSecond {
		m.noisy = true
		return true
	}
	return false
}

// quiet notes a wait that timed out with no edge.
func (m *noiseMeter) quiet(now time.Time) { m.roll(now) }

// restart begins a new count at now (after a pause).
func (m *noiseMeter) restart(now time.Time) { m.start, m.n = now, 0 }

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
