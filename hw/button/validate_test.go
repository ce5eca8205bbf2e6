package button_test

import (
	"errors"
	"fmt"
	"testing"

	"bianmin/hw/button"
)

// oneWindow is a valid map: window 1's five buttons on free header lines
// and a 取号 button.
func oneWindow() button.Map { return headerMap() }

// refusal is one row of the line map rules: a change to a valid map, and
// the error it must bring.
type refusal struct {
	rule   string // where the rule comes from
	change func(m *button.Map)
	field  string
	key    string
	args   map[string]any // checked when not nil
}

func lineAt(gpio int, id button.ID) button.Line { return button.Line{GPIO: gpio, Button: id} }

func refusals() []refusal {
	ticket := func(s string) button.ID { return button.TicketButton(s) }
	fullExpander := func(addr int, window int) button.Expander {
		return button.Expander{Bus: 1, Address: addr, Lines: windowOnExpander(window, 0, 1, 2, 3, 4)}
	}
	return []refusal{
		{"Pi header: GPIO2 is I2C1 SDA, the RTC's bus (deploy/README.md wiring)", func(m *button.Map) { m.GPIO = append(m.GPIO, lineAt(2, ticket("B"))) },
			"gpio.7.gpio", "button.err.reserved_pin", map[string]any{"Row": 7, "GPIO": 2, "Use": "I2C SDA (RTC)"}},
		{"Pi header: GPIO3 is I2C1 SCL", func(m *button.Map) { m.GPIO[0].GPIO = 3 },
			"gpio.1.gpio", "button.err.reserved_pin", map[string]any{"Row": 1, "GPIO": 3, "Use": "I2C SCL (RTC)"}},
		{"Pi header: GPIO14 is the UART's TXD", func(m *button.Map) { m.GPIO = append(m.GPIO, lineAt(14, ticket("B"))) },
			"gpio.7.gpio", "button.err.reserved_pin", map[string]any{"Row": 7, "GPIO": 14, "Use": "UART TXD"}},
		{"Pi header: GPIO15 is the UART's RXD", func(m *button.Map) { m.GPIO = append(m.GPIO, lineAt(15, ticket("B"))) },
			"gpio.7.gpio", "button.err.reserved_pin", map[string]any{"Row": 7, "GPIO": 15, "Use": "UART RXD"}},
		{"Pi header: GPIO0/1 are the HAT ID EEPROM's bus", func(m *button.Map) { m.GPIO = append(m.GPIO, lineAt(0, ticket("B"))) },
			"gpio.7.gpio", "button.err.reserved_pin", map[string]any{"Row": 7, "GPIO": 0, "Use": "HAT EEPROM ID_SD"}},
		{"one line, one button", func(m *button.Map) { m.GPIO = append(m.GPIO, lineAt(17, ticket("B"))) },
			"gpio.7.gpio", "button.err.pin_twice", map[string]any{"Row": 7, "GPIO": 17, "First": 1}},
		{"the header has GPIO0..GPIO27", func(m *button.Map) { m.GPIO = append(m.GPIO, lineAt(28, ticket("B"))) },
			"gpio.7.gpio", "button.err.gpio_range", map[string]any{"Row": 7, "GPIO": 28, "Max": 27}},
		{"one input per rating button", func(m *button.Map) { m.GPIO = append(m.GPIO, lineAt(26, button.RatingButton(1, button.Satisfied))) },
			"gpio.7.button", "button.err.button_twice", map[string]any{"Window": 1, "Key": 2, "First": "GPIO27", "Input": "GPIO26"}},
		{"one input per rating button, across header and expander", func(m *button.Map) {
			m.Expanders = []button.Expander{{Bus: 1, Address: 0x20, Lines: []button.ExpanderLine{{Pin: 8, Button: button.RatingButton(1, button.VeryDissatisfied)}}}}
		}, "expanders.1.lines.1.button", "button.err.button_twice", map[string]any{"Window": 1, "Key": 5, "First": "GPIO6", "Input": "I2C-1 0x20 GPB0"}},
		{"a window has all five levels (GB/T 39734-2020's five levels)", func(m *button.Map) { m.GPIO = m.GPIO[1:] },
			"", "button.err.window_incomplete", map[string]any{"Window": 1, "Count": 4, "Want": 5}},
		{"window numbers", func(m *button.Map) { m.GPIO = append(m.GPIO, lineAt(26, button.RatingButton(1000, button.Basic))) },
			"gpio.7.button", "button.err.window_range", map[string]any{"Row": 7, "Window": 1000, "Max": 999}},
		{"levels", func(m *button.Map) { m.GPIO[2].Button.Level = "ok" },
			"gpio.3.button", "button.err.level_unknown", map[string]any{"Row": 3, "Level": "ok"}},
		{"a 取号 button names its service", func(m *button.Map) { m.GPIO[5].Button.Service = " " },
			"gpio.6.button", "button.err.service_empty", nil},
		{"service keys are short codes", func(m *button.Map) { m.GPIO[5].Button.Service = "A:B" },
			"gpio.6.button", "button.err.service_invalid", map[string]any{"Row": 6, "Service": "A:B", "Max": 16}},
		{"kinds", func(m *button.Map) { m.GPIO[5].Button.Kind = "door" },
			"gpio.6.button", "button.err.kind_unknown", map[string]any{"Row": 6, "Kind": "door"}},
		{"pulls", func(m *button.Map) { m.GPIO[0].Pull = "weak" },
			"gpio.1.pull", "button.err.pull_unknown", map[string]any{"Row": 1, "Pull": "weak"}},
		{"active levels", func(m *button.Map) { m.GPIO[0].Active = "middle" },
			"gpio.1.active", "button.err.active_unknown", map[string]any{"Row": 1, "Active": "middle"}},
		{"default pull", func(m *button.Map) { m.Pull = "weak" }, "pull", "button.err.default_pull_unknown", nil},
		{"default active level", func(m *button.Map) { m.Active = "middle" }, "active", "button.err.default_active_unknown", nil},
		{"debounce 5..200 ms", func(m *button.Map) { m.DebounceMS = 1 }, "debounce_ms", "button.err.debounce_range", map[string]any{"Min": 5, "Max": 200}},
		{"poll 2..20 ms", func(m *button.Map) { m.PollMS = 50 }, "poll_ms", "button.err.poll_range", map[string]any{"Min": 2, "Max": 20}},
		{"MCP23017 datasheet 3.3.1: address 0b0100 A2 A1 A0", func(m *button.Map) { m.Expanders = []button.Expander{fullExpander(0x68, 2)} },
			"expanders.1.address", "button.err.expander_address", map[string]any{"Row": 1, "Address": "0x68"}},
		{"I2C bus numbers", func(m *button.Map) { x := fullExpander(0x20, 2); x.Bus = -1; m.Expanders = []button.Expander{x} },
			"expanders.1.bus", "button.err.expander_bus", map[string]any{"Row": 1, "Bus": -1}},
		{"one chip per address", func(m *button.Map) { m.Expanders = []button.Expander{fullExpander(0x20, 2), fullExpander(0x20, 3)} },
			"expanders.2.address", "button.err.expander_twice", map[string]any{"Row": 2, "Bus": 1, "Address": "0x20", "First": 1}},
		{"an expander carries buttons", func(m *button.Map) { m.Expanders = []button.Expander{{Bus: 1, Address: 0x21}} },
			"expanders.1.lines", "button.err.expander_empty", nil},
		{"MCP23017 has 16 lines", func(m *button.Map) {
			x := fullExpander(0x20, 2)
			x.Lines[4].Pin = 16
			m.Expanders = []button.Expander{x}
		},
			"expanders.1.lines.5.pin", "button.err.expander_pin_range", map[string]any{"Row": 1, "Line": 5, "Pin": 16, "Max": 15}},
		{"one expander line, one button", func(m *button.Map) {
			x := fullExpander(0x20, 2)
			x.Lines[4].Pin = 0
			m.Expanders = []button.Expander{x}
		},
			"expanders.1.lines.5.pin", "button.err.expander_pin_twice", map[string]any{"Row": 1, "Line": 5, "Pin": "GPA0", "First": 1}},
		{"MCP23017 datasheet 3.5.7: pull-ups only", func(m *button.Map) {
			x := fullExpander(0x20, 2)
			x.Lines[0].Pull = button.PullDown
			m.Expanders = []button.Expander{x}
		}, "expanders.1.lines.1.pull", "button.err.expander_pull_down", map[string]any{"Row": 1, "Line": 1}},
		{"a box names its port", func(m *button.Map) { m.Boxes = []button.Box{{Window: 2}} }, "boxes.1.path", "button.err.box_path", nil},
		{"a box's port is a device", func(m *button.Map) { m.Boxes = []button.Box{{Window: 2, Path: "ttyUSB0"}} },
			"boxes.1.path", "button.err.box_path_dev", map[string]any{"Row": 1, "Path": "ttyUSB0"}},
		{"one box per port", func(m *button.Map) {
			m.Boxes = []button.Box{{Window: 2, Path: "/dev/ttyUSB0"}, {Window: 3, Path: "/dev/ttyUSB0"}}
		}, "boxes.2.path", "button.err.box_path_twice", map[string]any{"Row": 2, "Path": "/dev/ttyUSB0", "First": 1}},
		{"one box per window", func(m *button.Map) {
			m.Boxes = []button.Box{{Window: 2, Path: "/dev/ttyUSB0"}, {Window: 2, Path: "/dev/ttyUSB1"}}
		}, "boxes.2.window", "button.err.box_window_twice", map[string]any{"Row": 2, "Window": 2, "First": 1}},
		{"box window numbers", func(m *button.Map) { m.Boxes = []button.Box{{Window: 0, Path: "/dev/ttyUSB0"}} },
			"boxes.1.window", "button.err.window_range", nil},
		{"standard baud rates", func(m *button.Map) { m.Boxes = []button.Box{{Window: 2, Path: "/dev/ttyUSB0", Baud: 12345}} },
			"boxes.1.baud", "button.err.box_baud", map[string]any{"Row": 1, "Baud": 12345}},
		{"one rating device per window", func(m *button.Map) { m.Boxes = []button.Box{{Window: 1, Path: "/dev/ttyUSB0"}} },
			"boxes.1.window", "button.err.window_box_and_lines", map[string]any{"Row": 1, "Window": 1}},
	}
}

func TestValidateRefuses(t *testing.T) {
	if err := oneWindow().Validate(); err != nil {
		t.Fatalf("the base map is refused: %v", err)
	}
	for _, tc := range refusals() {
		t.Run(tc.rule, func(t *testing.T) {
			m := oneWindow()
			tc.change(&m)
			err := m.Validate()
			var errs button.ConfigErrors
			if !errors.As(err, &errs) {
				t.Fatalf("Validate() = %v, want ConfigErrors with %s", err, tc.key)
			}
			for _, e := range errs {
				if e.Key != tc.key {
					continue
				}
				if e.Field != tc.field {
					t.Errorf("%s on field %q, want %q", tc.key, e.Field, tc.field)
				}
				if tc.args != nil && fmt.Sprint(e.Args) != fmt.Sprint(tc.args) {
					t.Errorf("%s args %v, want %v", tc.key, e.Args, tc.args)
				}
				return
			}
			t.Errorf("errors %v lack %s", errs, tc.key)
		})
	}
}

// A bigger hall: header lines, two expanders, boxes, two 取号 buttons for
// one service (two entrances) and every wiring option. Valid.
func TestValidateAcceptsAFullHall(t *testing.T) {
	m := button.Map{
		GPIO: append(windowOn(1, 17, 27, 22, 5, 6),
			button.Line{GPIO: 13, Button: button.TicketButton("A")},
			button.Line{GPIO: 19, Button: button.TicketButton("A")},
			button.Line{GPIO: 26, Button: button.TicketButton("B"), Pull: button.PullDown, Active: button.ActiveHigh}),
		Expanders: []button.Expander{
			{Bus: 1, Address: 0x20, Lines: append(windowOnExpander(2, 0, 1, 2, 3, 4), windowOnExpander(3, 5, 6, 7, 8, 9)...)},
			{Bus: 1, Address: 0x27, Lines: windowOnExpander(4, 15, 14, 13, 12, 11)},
		},
		Boxes:      []button.Box{{Window: 5, Path: "/dev/bianmin-ratingbox-5"}, {Window: 6, Path: "/dev/ttyUSB1", Baud: 115200}},
		DebounceMS: 30,
		PollMS:     10,
	}
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
}

// Every problem is reported at once, so the settings page can mark every
// field in one go.
func TestValidateReportsEverything(t *testing.T) {
	m := oneWindow()
	m.GPIO = append(m.GPIO, lineAt(2, button.TicketButton("B")), lineAt(14, button.TicketButton("C")), lineAt(17, button.TicketButton("D")))
	var errs button.ConfigErrors
	if !errors.As(m.Validate(), &errs) || len(errs) != 3 {
		t.Fatalf("want 3 errors, got %v", errs)
	}
}

func TestHeaderPin(t *testing.T) {
	for gpio, pin := range map[int]int{17: 11, 2: 3, 14: 8, 26: 37, 21: 40, 99: 0} {
		if got := button.HeaderPin(gpio); got != pin {
			t.Errorf("HeaderPin(%d) = %d, want %d (Raspberry Pi 40-pin header)", gpio, got, pin)
		}
	}
}
