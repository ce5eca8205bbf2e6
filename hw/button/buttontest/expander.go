package buttontest

import (
	"errors"
	"fmt"
	"sync"
	"syscall"
	"time"

	"periph.io/x/conn/v3/physic"
)

// Bus is an I²C bus with fake MCP23017 expanders on it; it implements
// periph's i2c.Bus. A transfer to an address with no chip, or to an
// unplugged one, fails as the kernel's i2c-dev does (remote I/O error, no
// acknowledge). Safe for concurrent use.
type Bus struct {
	num int

	mu    sync.Mutex
	chips map[uint16]*Expander
	txs   int
}

// NewBus returns an empty bus number num (the n of /dev/i2c-n).
func NewBus(num int) *Bus { return &Bus{num: num, chips: map[uint16]*Expander{}} }

// Add puts an MCP23017 at addr, just powered on, with every button
// released and wired to ground (active low).
func (b *Bus) Add(addr uint16) *Expander {
	b.mu.Lock()
	defer b.mu.Unlock()
	x := &Expander{bus: b, addr: addr}
	x.powerOn()
	b.chips[addr] = x
	return x
}

// String implements i2c.Bus.
func (b *Bus) String() string { return fmt.Sprintf("I2C%d(fake)", b.num) }

// SetSpeed implements i2c.Bus.
func (b *Bus) SetSpeed(physic.Frequency) error { return nil }

// Transfers is how many transfers the bus has carried.
func (b *Bus) Transfers() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.txs
}

// Tx implements i2c.Bus: w[0] sets the chip's register pointer, the rest
// of w is written from there and r read from there, the pointer moving on
// after each byte (IOCON.BANK = 0, SEQOP = 0: sequential, datasheet
// 3.2.1, wrapping after OLATB).
func (b *Bus) Tx(addr uint16, w, r []byte) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.txs++
	x := b.chips[addr]
	if x == nil || x.unplugged {
		return fmt.Errorf("i2c %s: address 0x%02X: %w", b, addr, syscall.EREMOTEIO)
	}
	if len(w) == 0 {
		return errors.New("i2c: MCP23017 transfer without a register address")
	}
	ptr := w[0]
	for _, v := range w[1:] {
		x.write(ptr, v)
		ptr = next(ptr)
	}
	portRead := false
	for i := range r {
		r[i] = x.read(ptr)
		portRead = portRead || ptr == rGPIOA || ptr == rGPIOA+1
		ptr = next(ptr)
	}
	if portRead {
		x.reads++
	}
	return nil
}

func next(ptr byte) byte { return (ptr + 1) % numRegs }

// Register file of an MCP23017 with IOCON.BANK = 0 (datasheet table 3-5).
const (
	rIODIRA  = 0x00
	rIPOLA   = 0x02
	rIOCON   = 0x0A
	rIOCONB  = 0x0B
	rGPPUA   = 0x0C
	rINTFA   = 0x0E
	rINTCAPA = 0x10
	rGPIOA   = 0x12
	rOLATA   = 0x14
	numRegs  = 0x16
)

// Expander is one fake MCP23017: its registers, and the buttons on its 16
// lines. Each button is wired to ground (pressed reads low) unless
// WireActiveHigh says otherwise; a released line reads high with the
// chip's pull-up or an external one.
type Expander struct {
	bus  *Bus
	addr uint16

	// Guarded by bus.mu.
	regs       [numRegs]byte
	held       uint16 // contacts closed
	activeHigh uint16 // lines wired to 3.3 V with a pull-down
	unplugged  bool
	reads      int // transfers that read GPIOA or GPIOB
}

// powerOn sets the registers to their power-on values: every line an
// input (IODIR 0xFF), everything else 0 (datasheet table 3-7).
func (x *Expander) powerOn() {
	x.regs = [numRegs]byte{}
	x.regs[rIODIRA], x.regs[rIODIRA+1] = 0xFF, 0xFF
}

// PowerGlitch resets the chip as a brown-out does: its configuration
// (pull-ups included) is lost; the buttons stay as they are.
func (x *Expander) PowerGlitch() {
	x.bus.mu.Lock()
	defer x.bus.mu.Unlock()
	x.powerOn()
}

// Unplug makes the chip stop answering (a loose wire, no power); Replug
// brings it back, just powered on.
func (x *Expander) Unplug() {
	x.bus.mu.Lock()
	defer x.bus.mu.Unlock()
	x.unplugged = true
}

// Replug: see Unplug.
func (x *Expander) Replug() {
	x.bus.mu.Lock()
	defer x.bus.mu.Unlock()
	x.unplugged = false
	x.powerOn()
}

// WireActiveHigh says the button on line pin goes to 3.3 V (with a
// pull-down), so pressed reads high.
func (x *Expander) WireActiveHigh(pin int) {
	x.bus.mu.Lock()
	defer x.bus.mu.Unlock()
	x.activeHigh |= 1 << pin
}

// Press closes the contact on line pin (0..15: GPA0..GPB7).
func (x *Expander) Press(pin int) { x.set(pin, true) }

// Release opens the contact on line pin.
func (x *Expander) Release(pin int) { x.set(pin, false) }

// PressBouncing closes the contact on pin, then lets it bounce open and
// shut bounces times, gap apart, ending closed.
func (x *Expander) PressBouncing(pin, bounces int, gap time.Duration) {
	x.set(pin, true)
	for range bounces {
		time.Sleep(gap)
		x.set(pin, false)
		time.Sleep(gap)
		x.set(pin, true)
	}
}

// Click presses line pin with a little bounce, holds it for hold and
// releases it.
func (x *Expander) Click(pin int, hold time.Duration) {
	x.PressBouncing(pin, 2, time.Millisecond)
	time.Sleep(hold)
	x.Release(pin)
}

// Pullups returns the chip's GPPU register pair (port A low byte).
func (x *Expander) Pullups() uint16 {
	x.bus.mu.Lock()
	defer x.bus.mu.Unlock()
	return uint16(x.regs[rGPPUA]) | uint16(x.regs[rGPPUA+1])<<8
}

// Reads is how many transfers read the port levels.
func (x *Expander) Reads() int {
	x.bus.mu.Lock()
	defer x.bus.mu.Unlock()
	return x.reads
}

func (x *Expander) set(pin int, held bool) {
	x.bus.mu.Lock()
	defer x.bus.mu.Unlock()
	if held {
		x.held |= 1 << pin
	} else {
		x.held &^= 1 << pin
	}
}

// levels computes GPIOA/GPIOB: an input reads its button (inverted where
// IPOL says), an output reads its latch.
func (x *Expander) levels() uint16 {
	dir := uint16(x.regs[rIODIRA]) | uint16(x.regs[rIODIRA+1])<<8
	ipol := uint16(x.regs[rIPOLA]) | uint16(x.regs[rIPOLA+1])<<8
	olat := uint16(x.regs[rOLATA]) | uint16(x.regs[rOLATA+1])<<8
	// Pressed: the wiring's active level. Released: high for a button to
	// ground (pull-up), low for one to 3.3 V (pull-down).
	in := (x.held & x.activeHigh) | (^x.held &^ x.activeHigh)
	return (in^ipol)&dir | olat&^dir
}

func (x *Expander) read(reg byte) byte {
	switch reg {
	case rGPIOA, rGPIOA + 1:
		l := x.levels()
		if reg == rGPIOA {
			return byte(l)
		}
		return byte(l >> 8)
	case rIOCONB:
		return x.regs[rIOCON]
	}
	return x.regs[reg]
}

func (x *Expander) write(reg, v byte) {
	switch reg {
	case rINTFA, rINTFA + 1, rINTCAPA, rINTCAPA + 1:
		// read-only
	case rGPIOA, rGPIOA + 1:
		x.regs[reg+rOLATA-rGPIOA] = v // writing GPIO writes the latch (3.5.10)
	case rIOCON, rIOCONB:
		x.regs[rIOCON] = v
	default:
		x.regs[reg] = v
	}
}
