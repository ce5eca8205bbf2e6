package button

import (
	"context"
	"fmt"
	"io"
	"time"

	"periph.io/x/conn/v3/i2c"
)

// How often a running expander's configuration is read back (see
// mcp23017.configured).
const expanderCheckEvery = time.Second

// ExpanderDevice is the device name of an expander: "buttons-i2c1-0x20".
func ExpanderDevice(bus, addr int) string { return fmt.Sprintf("buttons-i2c%d-0x%02X", bus, addr) }

// expanderSource polls one MCP23017. periph's own mcp23xxx driver has no
// interrupt support (its WaitForEdge always returns false), and the INT
// output would need one more header line per chip; polling both ports in
// one 2-byte read every few milliseconds is simple and cheap (see
// docs/DECISIONS.md for the bus budget).
type expanderSource struct {
	x        Expander // defaults applied to its lines
	debounce time.Duration
	poll     time.Duration
	i2c      func(bus int) (i2c.Bus, error)
	r        *reporter
	device   string
}

// expanderLine is one line being watched.
type expanderLine struct {
	ExpanderLine
	d       *debouncer
	lastRaw bool // held, as of the previous poll
}

func (e *expanderSource) Run(ctx context.Context, out chan<- Press) error {
	return keepRunning(ctx, e.r, func(ctx context.Context, connected func()) error {
		return e.session(ctx, out, connected)
	})
}

// pullUps is the GPPU value the lines need.
func (e *expanderSource) pullUps() uint16 {
	var m uint16
	for _, l := range e.x.Lines {
		if l.Pull == PullUp {
			m |= 1 << l.Pin
		}
	}
	return m
}

func (e *expanderSource) session(ctx context.Context, out chan<- Press, connected func()) error {
	bus, err := e.i2c(e.x.Bus)
	if err != nil {
		return err
	}
	if c, ok := bus.(io.Closer); ok {
		defer c.Close()
	}
	chip := mcp23017{bus: bus, addr: uint16(e.x.Address)}
	pullUps := e.pullUps()
	if err := chip.configure(pullUps); err != nil {
		return fmt.Errorf("%s: no answer: %v: %w — check its power, its SDA/SCL wiring and its address pins A2..A0", chip, err, errMissing)
	}
	levels, err := chip.read()
	if err != nil {
		return fmt.Errorf("%s: read: %w — check the wiring", chip, err)
	}
	now := time.Now()
	lines := make([]*expanderLine, len(e.x.Lines))
	for i, l := range e.x.Lines {
		held := isHeld(levels, l)
		lines[i] = &expanderLine{ExpanderLine: l, d: newDebouncer(e.debounce, held), lastRaw: held}
		if held {
			e.r.log.Warn("button held at start: stuck, or wrong active level or pull", "line", ExpanderPinName(l.Pin), "button", l.Button)
		}
	}
	connected()
	tick := time.NewTicker(e.poll)
	defer tick.Stop()
	lastCheck := now
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
		now = time.Now()
		if now.Sub(lastCheck) >= expanderCheckEvery {
			lastCheck = now
			ok, err := chip.configured(pullUps)
			if err != nil {
				return fmt.Errorf("%s: read back: %v: %w — check its power and wiring", chip, err, errMissing)
			}
			if !ok {
				e.r.log.Warn("expander lost its configuration (power glitch?); configuring it again", "chip", chip.String())
				if err := chip.configure(pullUps); err != nil {
					return fmt.Errorf("%s: configure again: %v: %w", chip, err, errMissing)
				}
			}
		}
		levels, err := chip.read()
		if err != nil {
			return fmt.Errorf("%s: read: %v: %w — check its power and wiring", chip, err, errMissing)
		}
		for _, l := range lines {
			held := isHeld(levels, l.ExpanderLine)
			if held != l.lastRaw {
				l.lastRaw = held
				l.d.change(now)
			}
			if at, ok := l.d.settle(now, held); ok {
				deliver(ctx, out, Press{Button: l.Button, At: at, Device: e.device})
			}
		}
	}
}

// isHeld reads line l's button from the chip's 16 levels.
func isHeld(levels uint16, l ExpanderLine) bool {
	high := levels&(1<<l.Pin) != 0
	return high == (l.Active == ActiveHigh)
}
