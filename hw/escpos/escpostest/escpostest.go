// Package escpostest connects the escpos driver to a simulated printer in
// memory, for tests of code that prints (the queue, the device page): a
// Port that is a serialport.Port whose far end is a sim.Printer, and an
// opener for serialport.LinkOptions.Open that can be unplugged and
// plugged back. It is the in-memory twin of running sim.Printer on a
// pseudo-terminal, in the spirit of periph's conntest.
//
// escpostest imports the standard library, hw/serialport and
// hw/escpos/sim.
package escpostest

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"bianmin/hw/escpos/sim"
	"bianmin/hw/serialport"
)

// ReadTimeout is how long Port.Read waits for a reply before it returns
// serialport.ErrTimeout.
const ReadTimeout = 20 * time.Millisecond

// Printer is a simulated printer that ports can be opened to. Sim is the
// printer itself: set its paper, cover and so on, read its receipts.
type Printer struct {
	Sim  *sim.Printer
	Path string // what the errors call it, default "/dev/escpostest"

	mu      sync.Mutex
	plugged bool
	opens   int
	current *Port
}

// New returns a plugged-in simulated printer.
func New(cfg sim.Config) *Printer {
	return &Printer{Sim: sim.New(cfg), Path: "/dev/escpostest", plugged: true}
}

// Open opens a port to the printer (serialport.LinkOptions.Open); it
// fails with an error wrapping serialport.ErrUnplugged while unplugged.
func (p *Printer) Open(serialport.Config) (serialport.Port, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.plugged {
		return nil, p.gone()
	}
	p.opens++
	p.current = &Port{printer: p}
	return p.current, nil
}

// Port opens a port directly (for escpos.NewPrinter).
func (p *Printer) Port() *Port {
	port, err := p.Open(serialport.Config{})
	if err != nil {
		panic(err)
	}
	return port.(*Port)
}

// Opens counts successful opens (reconnections show as more than one).
func (p *Printer) Opens() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.opens
}

// Unplug pulls the cable: the open port fails from now on, opens fail.
func (p *Printer) Unplug() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.plugged = false
	if p.current != nil {
		p.current.hangUp()
	}
}

// Replug plugs the cable back in.
func (p *Printer) Replug() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.plugged = true
}

func (p *Printer) gone() error {
	return fmt.Errorf("%s: %w", p.Path, serialport.ErrUnplugged)
}

// Port is an open line to the simulated printer.
type Port struct {
	printer *Printer

	mu      sync.Mutex
	cond    *sync.Cond
	replies []byte
	hungUp  bool
	closed  bool
	// Written is every byte written, for tests that look at the stream.
	written []byte
}

func (c *Port) init() {
	if c.cond == nil {
		c.cond = sync.NewCond(&c.mu)
	}
}

// Write sends b to the printer; its real-time replies become readable.
func (c *Port) Write(b []byte) (int, error) {
	c.mu.Lock()
	c.init()
	if err := c.failure(); err != nil {
		c.mu.Unlock()
		return 0, err
	}
	c.written = append(c.written, b...)
	c.mu.Unlock()
	reply := c.printer.Sim.Receive(b)
	c.mu.Lock()
	c.replies = append(c.replies, reply...)
	c.cond.Broadcast()
	c.mu.Unlock()
	return len(b), nil
}

// Read returns replies, or serialport.ErrTimeout after ReadTimeout.
func (c *Port) Read(b []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.init()
	deadline := time.Now().Add(ReadTimeout)
	timer := time.AfterFunc(ReadTimeout, func() {
		c.mu.Lock()
		c.cond.Broadcast()
		c.mu.Unlock()
	})
	defer timer.Stop()
	for len(c.replies) == 0 {
		if err := c.failure(); err != nil {
			return 0, err
		}
		if !time.Now().Before(deadline) {
			return 0, serialport.ErrTimeout
		}
		c.cond.Wait()
	}
	n := copy(b, c.replies)
	c.replies = c.replies[n:]
	return n, nil
}

// Written returns a copy of every byte written to this port.
func (c *Port) Written() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]byte(nil), c.written...)
}

// Flush discards replies not yet read.
func (c *Port) Flush() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.failure(); err != nil {
		return err
	}
	c.replies = nil
	return nil
}

// Close closes the port.
func (c *Port) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.init()
	c.closed = true
	c.cond.Broadcast()
	return nil
}

func (c *Port) hangUp() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.init()
	c.hungUp = true
	c.cond.Broadcast()
}

// failure is the error of a port that is closed or hung up; c.mu held.
func (c *Port) failure() error {
	switch {
	case c.closed:
		return errors.New("escpostest: port closed")
	case c.hungUp:
		return c.printer.gone()
	}
	return nil
}
