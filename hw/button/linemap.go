package button

import (
	"time"

	"periph.io/x/conn/v3/gpio"
)

// Map says which input is which button: lines on the Pi's header, lines
// on MCP23017 expanders on the I²C bus, and serial rating boxes. It is
// plain data, kept in the settings as JSON; Validate says what is wrong
// with it, New opens what it names. The zero value of every optional
// field means "the default" (see the constants below).
type Map struct {
	GPIO      []Line     `json:"gpio,omitempty"`
	Expanders []Expander `json:"expanders,omitempty"`
	Boxes     []Box      `json:"boxes,omitempty"`

	// Pull and Active are the defaults for every line that does not say;
	// "" means PullUp and ActiveLow: a button between the input and ground
	// with the internal pull-up, the usual wiring.
	Pull   Pull   `json:"pull,omitempty"`
	Active Active `json:"active,omitempty"`

	// DebounceMS: changes of a contact closer together than this are one
	// change; 0 means DefaultDebounce.
	DebounceMS int `json:"debounce_ms,omitempty"`
	// PollMS: how often expanders are read; 0 means DefaultPoll.
	PollMS int `json:"poll_ms,omitempty"`
}

// Line is a button on a header GPIO line.
type Line struct {
	// GPIO is the Broadcom (BCM) line number: 17 is GPIO17, header pin 11
	// (see HeaderPin). Not the header pin number.
	GPIO   int    `json:"gpio"`
	Button ID     `json:"button"`
	Pull   Pull   `json:"pull,omitempty"`   // "" takes Map.Pull
	Active Active `json:"active,omitempty"` // "" takes Map.Active
}

// Expander is an MCP23017 16-line I²C expander: eight addresses (0x20 to
// 0x27, set by its A2..A0 pins) on one bus give 128 more inputs.
type Expander struct {
	// Bus is the Linux I²C bus number: 1 is /dev/i2c-1, the header's
	// SDA/SCL (GPIO2/3), shared with the RTC.
	Bus     int            `json:"bus"`
	Address int            `json:"address"` // 0x20..0x27
	Lines   []ExpanderLine `json:"lines"`
}

// ExpanderLine is a button on one of an expander's 16 lines.
type ExpanderLine struct {
	// Pin is 0..7 for GPA0..GPA7 and 8..15 for GPB0..GPB7.
	Pin    int    `json:"pin"`
	Button ID     `json:"button"`
	Pull   Pull   `json:"pull,omitempty"`   // "" takes Map.Pull; the chip has pull-ups only (100 kΩ)
	Active Active `json:"active,omitempty"` // "" takes Map.Active
}

// Box is a serial (USB or RS-232) rating box: one per window, five
// buttons, speaking the line protocol in boxproto.go.
type Box struct {
	Window int    `json:"window"`
	Path   string `json:"path"`           // e.g. /dev/bianmin-ratingbox-3 (a udev symlink) or /dev/ttyUSB0
	Baud   int    `json:"baud,omitempty"` // 0 means BoxBaud
}

// Pull is the pull resistor of an input line.
type Pull string

// Pull resistors.
const (
	PullUp   Pull = "up"   // internal pull-up: the button connects the line to ground
	PullDown Pull = "down" // internal pull-down: the button connects the line to 3.3 V (header lines only)
	PullNone Pull = "none" // no internal resistor: the wiring has its own
)

// Active is the level a line has while its button is held.
type Active string

// Active levels.
const (
	ActiveLow  Active = "low"  // pressed reads low: a button to ground with a pull-up
	ActiveHigh Active = "high" // pressed reads high: a button to 3.3 V with a pull-down
)

// Defaults and limits of a Map.
const (
	DefaultDebounce = 20 * time.Millisecond
	MinDebounce     = 5 * time.Millisecond
	MaxDebounce     = 200 * time.Millisecond
	DefaultPoll     = 5 * time.Millisecond
	MinPoll         = 2 * time.Millisecond
	MaxPoll         = 20 * time.Millisecond

	// MaxHeaderGPIO is the highest line on the 40-pin header (GPIO0..GPIO27).
	MaxHeaderGPIO = 27
	// Expander addresses: 0b0100 A2 A1 A0 (MCP23017 datasheet 3.3.1).
	MinExpanderAddress = 0x20
	MaxExpanderAddress = 0x27
	MaxExpanderPin     = 15
	MaxI2CBus          = 99
)

// Debounce is the debounce interval the map asks for, default applied.
func (m Map) Debounce() time.Duration {
	if m.DebounceMS == 0 {
		return DefaultDebounce
	}
	return time.Duration(m.DebounceMS) * time.Millisecond
}

// Poll is the expander poll interval the map asks for, default applied.
func (m Map) Poll() time.Duration {
	if m.PollMS == 0 {
		return DefaultPoll
	}
	return time.Duration(m.PollMS) * time.Millisecond
}

// Wiring is one input's pull and active level, defaults applied: the one
// place they are.
func (m Map) Wiring(pull Pull, active Active) (Pull, Active) {
	if pull == "" {
		pull = m.Pull
	}
	if pull == "" {
		pull = PullUp
	}
	if active == "" {
		active = m.Active
	}
	if active == "" {
		active = ActiveLow
	}
	return pull, active
}

// periph returns the pull as periph names it.
func (p Pull) periph() gpio.Pull {
	switch p {
	case PullUp:
		return gpio.PullUp
	case PullDown:
		return gpio.PullDown
	}
	return gpio.Float
}

// headerPins maps BCM line numbers to the 40-pin header's pin numbers.
var headerPins = map[int]int{
	0: 27, 1: 28, 2: 3, 3: 5, 4: 7, 5: 29, 6: 31, 7: 26, 8: 24, 9: 21,
	10: 19, 11: 23, 12: 32, 13: 33, 14: 8, 15: 10, 16: 36, 17: 11, 18: 12, 19: 35,
	20: 38, 21: 40, 22: 15, 23: 16, 24: 18, 25: 22, 26: 37, 27: 13,
}

// HeaderPin is the 40-pin header position of BCM line gpio (GPIO17 is pin
// 11), or 0 when the line is not on the header.
func HeaderPin(gpio int) int { return headerPins[gpio] }
