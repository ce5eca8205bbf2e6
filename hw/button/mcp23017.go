package button

import (
	"fmt"

	"periph.io/x/conn/v3/i2c"
)

// MCP23017 registers with IOCON.BANK = 0, the power-on setting, in which
// the A and B registers of a pair sit next to each other and sequential
// operation (IOCON.SEQOP = 0) reads or writes a pair in one transfer
// (Microchip DS20001952C, table 3-5 and section 3.2.1).
const (
	regIODIRA   = 0x00 // I/O direction, 1 = input (3.5.1); power-on 0xFF
	regIPOLA    = 0x02 // input polarity, 1 = inverted (3.5.2)
	regGPINTENA = 0x04 // interrupt-on-change enable (3.5.3)
	regIOCON    = 0x0A // configuration (3.5.6); also at 0x0B
	regGPPUA    = 0x0C // 100 kΩ pull-ups, 1 = on (3.5.7)
	regGPIOA    = 0x12 // port levels (3.5.10)
)

// mcp23017 is one chip on a bus. Lines 0..7 are GPA0..GPA7, 8..15
// GPB0..GPB7; a 16-bit value has port A in its low byte.
type mcp23017 struct {
	bus  i2c.Bus
	addr uint16
}

// configure makes every line an input, not inverted, no interrupts, with
// pull-ups where pullUps has a bit, and IOCON at its power-on value
// (BANK 0, sequential addressing).
func (c mcp23017) configure(pullUps uint16) error {
	writes := [][]byte{
		{regIOCON, 0x00},
		{regIODIRA, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00}, // IODIR A/B, IPOL A/B, GPINTEN A/B
		{regGPPUA, byte(pullUps), byte(pullUps >> 8)},
	}
	for _, w := range writes {
		if err := c.bus.Tx(c.addr, w, nil); err != nil {
			return err
		}
	}
	return nil
}

// configured reports whether the chip still holds what configure wrote.
// A chip that browned out comes back with its pull-ups off (GPPU 0), so
// its lines float; reading this back once a second notices that.
func (c mcp23017) configured(pullUps uint16) (bool, error) {
	var dir, pu [2]byte
	if err := c.bus.Tx(c.addr, []byte{regIODIRA}, dir[:]); err != nil {
		return false, err
	}
	if err := c.bus.Tx(c.addr, []byte{regGPPUA}, pu[:]); err != nil {
		return false, err
	}
	return dir == [2]byte{0xFF, 0xFF} && pu == [2]byte{byte(pullUps), byte(pullUps >> 8)}, nil
}

// read returns the levels of all 16 lines (bit set = high).
func (c mcp23017) read() (uint16, error) {
	var b [2]byte
	if err := c.bus.Tx(c.addr, []byte{regGPIOA}, b[:]); err != nil {
		return 0, err
	}
	return uint16(b[0]) | uint16(b[1])<<8, nil
}

func (c mcp23017) String() string {
	return fmt.Sprintf("MCP23017 at 0x%02X on %s", c.addr, c.bus)
}
