package buttontest

import (
	"fmt"
	"sync"
	"time"

	"periph.io/x/conn/v3/gpio"
	"periph.io/x/conn/v3/physic"
	"periph.io/x/conn/v3/pin"

	"bianmin/hw/button"
)

// EventQueue is how many edges a Pin keeps for WaitForEdge, like the
// Linux GPIO character device's per-line event buffer (16); later edges
// are dropped and counted.
const EventQueue = 16

// Pin is a header line with a push button on it. It implements
// gpio.PinIn the way periph's gpioioctl lines behave on Linux: the level
// changes when the test (or the demo panel) says, every change that
// matches the edge given to In is queued whether or not someone is waiting,
// WaitForEdge(0) waits forever, and Halt interrupts a wait under way.
//
// Drive it with Press and Release (one clean change each), Glitch (a
// spike), PressBouncing and ReleaseBouncing (a contact that bounces), or
// Click. The helpers that take durations sleep with time.Sleep, so inside
// a testing/synctest bubble they place edges at exact times.
type Pin struct {
	num    int
	active button.Active // ActiveLow: the button connects the line to ground

	mu       sync.Mutex
	level    gpio.Level
	pull     gpio.Pull
	edge     gpio.Edge
	held     bool
	failIn   error
	inCalls  int
	closed   int
	dropped  int
	events   chan struct{}
	halt     chan struct{}
	zeroWait int
}

// NewPin returns line GPIO<num> with a button wired for active (a
// button to ground for ActiveLow, to 3.3 V for ActiveHigh), released.
func NewPin(num int, active button.Active) *Pin {
	p := &Pin{num: num, active: active, events: make(chan struct{}, EventQueue), halt: make(chan struct{}, 1)}
	p.level = p.releasedLevel()
	return p
}

// String implements conn.Resource.
func (p *Pin) String() string { return fmt.Sprintf("GPIO%d(fake)", p.num) }

// Name implements pin.Pin.
func (p *Pin) Name() string { return fmt.Sprintf("GPIO%d", p.num) }

// Number implements pin.Pin.
func (p *Pin) Number() int { return p.num }

// Function implements pin.Pin.
func (p *Pin) Function() string { return string(p.Func()) }

// Func implements pin.PinFunc.
func (p *Pin) Func() pin.Func {
	if p.Read() == gpio.High {
		return gpio.IN_HIGH
	}
	return gpio.IN_LOW
}

// Halt interrupts a WaitForEdge under way, as gpioioctl's does.
func (p *Pin) Halt() error {
	select {
	case p.halt <- struct{}{}:
	default:
	}
	return nil
}

// In sets the pull and the edges to queue, and empties the queue. It
// fails with the error given to FailIn, as a line another program holds
// fails.
func (p *Pin) In(pull gpio.Pull, edge gpio.Edge) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.inCalls++
	if p.failIn != nil {
		return p.failIn
	}
	p.pull, p.edge = pull, edge
	p.level = p.levelLocked()
	for {
		select {
		case <-p.events:
		default:
			return nil
		}
	}
}

// Read implements gpio.PinIn.
func (p *Pin) Read() gpio.Level {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.level
}

// WaitForEdge returns true at once when an edge is queued, else waits for
// one up to timeout; 0 or a negative timeout waits forever (0 is how
// gpioioctl reads it, so a caller that passes 0 by mistake hangs here as
// it would on the box). Halt ends a wait with false.
func (p *Pin) WaitForEdge(timeout time.Duration) bool {
	select {
	case <-p.halt:
	default:
	}
	var expire <-chan time.Time
	if timeout > 0 {
		t := time.NewTimer(timeout)
		defer t.Stop()
		expire = t.C
	} else if timeout == 0 {
		p.mu.Lock()
		p.zeroWait++
		p.mu.Unlock()
	}
	select {
	case <-p.events:
		return true
	case <-p.halt:
		return false
	case <-expire:
		return false
	}
}

// Pull implements gpio.PinIn.
func (p *Pin) Pull() gpio.Pull {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.pull
}

// DefaultPull implements gpio.PinIn: BCM lines 0..8 reset with pull-ups,
// the others with pull-downs (BCM2835 ARM Peripherals, 6.2).
func (p *Pin) DefaultPull() gpio.Pull {
	if p.num <= 8 {
		return gpio.PullUp
	}
	return gpio.PullDown
}

// Close releases the line, as gpioioctl's GPIOLine.Close does.
func (p *Pin) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed++
	p.edge = gpio.NoEdge
}

// PWM is not supported by an input.
func (p *Pin) PWM(gpio.Duty, physic.Frequency) error { return fmt.Errorf("%s: input only", p) }

// FailIn makes In fail with err (nil: succeed again), like a line
// another program holds.
func (p *Pin) FailIn(err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.failIn = err
}

// Stats says how the line was used: In calls, Close calls, edges dropped
// because the queue was full, and WaitForEdge calls with a timeout of 0.
func (p *Pin) Stats() (inCalls, closes, dropped, zeroWaits int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.inCalls, p.closed, p.dropped, p.zeroWait
}

// Press closes the contact: one clean edge.
func (p *Pin) Press() { p.setHeld(true) }

// Release opens the contact: one clean edge.
func (p *Pin) Release() { p.setHeld(false) }

// Held reports whether the contact is closed.
func (p *Pin) Held() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.held
}

// Glitch is a spike on a released line: two edges with no time between,
// the level back where it was.
func (p *Pin) Glitch() {
	held := p.Held()
	p.setHeld(!held)
	p.setHeld(held)
}

// PressBouncing closes the contact, then lets it bounce open and shut
// bounces times, gap apart: 2·bounces+1 edges over 2·bounces·gap, ending
// closed.
func (p *Pin) PressBouncing(bounces int, gap time.Duration) { p.bounce(true, bounces, gap) }

// ReleaseBouncing is PressBouncing for opening: it ends open.
func (p *Pin) ReleaseBouncing(bounces int, gap time.Duration) { p.bounce(false, bounces, gap) }

func (p *Pin) bounce(to bool, bounces int, gap time.Duration) {
	p.setHeld(to)
	for range bounces {
		time.Sleep(gap)
		p.setHeld(!to)
		time.Sleep(gap)
		p.setHeld(to)
	}
}

// Click presses (bouncing 3 times, 1 ms apart, as a cheap switch does),
// holds for hold, and releases (bouncing likewise).
func (p *Pin) Click(hold time.Duration) {
	p.PressBouncing(3, time.Millisecond)
	time.Sleep(hold)
	p.ReleaseBouncing(3, time.Millisecond)
}

func (p *Pin) setHeld(held bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.held = held
	old := p.level
	p.level = p.levelLocked()
	if p.level == old {
		return
	}
	rising := p.level == gpio.High
	if p.edge == gpio.BothEdges || (p.edge == gpio.RisingEdge && rising) || (p.edge == gpio.FallingEdge && !rising) {
		select {
		case p.events <- struct{}{}:
		default:
			p.dropped++
		}
	}
}

// levelLocked is the level the line has now: the wiring's active level
// while the contact is closed, else what the pull makes it; with no pull
// the external resistor the wiring needs decides (see releasedLevel).
func (p *Pin) levelLocked() gpio.Level {
	if p.held {
		return gpio.Level(p.active == button.ActiveHigh)
	}
	switch p.pull {
	case gpio.PullUp:
		return gpio.High
	case gpio.PullDown:
		return gpio.Low
	}
	return p.releasedLevel()
}

// releasedLevel is the level of an open contact with an external
// resistor that matches the wiring.
func (p *Pin) releasedLevel() gpio.Level { return gpio.Level(p.active != button.ActiveHigh) }
