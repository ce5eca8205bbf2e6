package button

import (
	"fmt"
	"sort"
	"strings"
)

// ConfigError is one thing wrong with a Map, as a locale key and its
// arguments: the settings page maps it onto the appliance's problem type
// (Field, Key, Args), so the words live in embedded/locales/button.*.json.
type ConfigError struct {
	Field string         // e.g. "gpio.3.gpio", "expanders.1.address", "boxes.2.path"
	Key   string         // locale key, e.g. "button.err.reserved_pin"
	Args  map[string]any // the key's {{.Name}} arguments
}

// Error is for logs: field, key and arguments.
func (e *ConfigError) Error() string {
	names := make([]string, 0, len(e.Args))
	for k := range e.Args {
		names = append(names, k)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, k := range names {
		parts[i] = fmt.Sprintf("%s=%v", k, e.Args[k])
	}
	return fmt.Sprintf("button line map: %s: %s (%s)", e.Field, e.Key, strings.Join(parts, ", "))
}

// ConfigErrors is everything wrong with a Map, in the order found.
type ConfigErrors []*ConfigError

func (l ConfigErrors) Error() string {
	parts := make([]string, len(l))
	for i, e := range l {
		parts[i] = e.Error()
	}
	return fmt.Sprintf("%d problem(s): %s", len(l), strings.Join(parts, "; "))
}

// Has reports whether some error in the list has key.
func (l ConfigErrors) Has(key string) bool {
	for _, e := range l {
		if e.Key == key {
			return true
		}
	}
	return false
}

// Reserved is a header line the box needs for something else.
type Reserved struct {
	GPIO int
	Use  string // what it is for, the same in every language: "I2C SDA (RTC)"
}

// ReservedLines are the header lines no button may take: the HAT ID
// EEPROM's bus, the I²C bus of the RTC (and of the expanders) and the
// UART.
func ReservedLines() []Reserved {
	return []Reserved{
		{0, "HAT EEPROM ID_SD"}, {1, "HAT EEPROM ID_SC"},
		{2, "I2C SDA (RTC)"}, {3, "I2C SCL (RTC)"},
		{14, "UART TXD"}, {15, "UART RXD"},
	}
}

// validator collects ConfigErrors.
type validator struct{ errs ConfigErrors }

func (v *validator) add(field, key string, args ...any) {
	e := &ConfigError{Field: field, Key: key, Args: map[string]any{}}
	for i := 0; i+1 < len(args); i += 2 {
		e.Args[fmt.Sprint(args[i])] = args[i+1]
	}
	v.errs = append(v.errs, e)
}

// Validate reports everything wrong with m at once (a ConfigErrors), or
// nil. It refuses reserved header lines, a line, expander or box used
// twice, the same rating button on two inputs, a window with fewer than
// five rating buttons or with both a box and buttons, values out of range.
// Several 取号 buttons may take numbers for one service (two entrances).
func (m Map) Validate() error {
	v := &validator{}
	if m.DebounceMS != 0 && (m.Debounce() < MinDebounce || m.Debounce() > MaxDebounce) {
		v.add("debounce_ms", "button.err.debounce_range", "Min", int(MinDebounce.Milliseconds()), "Max", int(MaxDebounce.Milliseconds()))
	}
	if m.PollMS != 0 && (m.Poll() < MinPoll || m.Poll() > MaxPoll) {
		v.add("poll_ms", "button.err.poll_range", "Min", int(MinPoll.Milliseconds()), "Max", int(MaxPoll.Milliseconds()))
	}
	switch m.Pull {
	case "", PullUp, PullDown, PullNone:
	default:
		v.add("pull", "button.err.default_pull_unknown", "Pull", string(m.Pull))
	}
	switch m.Active {
	case "", ActiveLow, ActiveHigh:
	default:
		v.add("active", "button.err.default_active_unknown", "Active", string(m.Active))
	}
	seen := buttonsSeen{firstRow: map[ID]string{}, levels: map[int]map[Level]bool{}}
	v.gpioLines(m, &seen)
	v.expanders(m, &seen)
	v.boxes(m, seen)
	if len(v.errs) == 0 {
		return nil
	}
	return v.errs
}

// buttonsSeen tracks rating buttons across every kind of input.
type buttonsSeen struct {
	firstRow map[ID]string          // button → the input it was first seen on ("GPIO17", "0x20 GPA3")
	levels   map[int]map[Level]bool // window → levels with an input
}

// note records that the input named where (language-neutral, as printed
// on the hardware) carries button id.
func (s *buttonsSeen) note(v *validator, field, where string, id ID) {
	if id.Kind != KindRating {
		return
	}
	if first, dup := s.firstRow[id]; dup {
		v.add(field+".button", "button.err.button_twice", "Window", id.Window, "Key", id.Level.Position(), "First", first, "Input", where)
		return
	}
	s.firstRow[id] = where
	if s.levels[id.Window] == nil {
		s.levels[id.Window] = map[Level]bool{}
	}
	s.levels[id.Window][id.Level] = true
}

func (v *validator) gpioLines(m Map, seen *buttonsSeen) {
	reserved := map[int]string{}
	for _, r := range ReservedLines() {
		reserved[r.GPIO] = r.Use
	}
	firstUse := map[int]int{} // GPIO → row
	for i, l := range m.GPIO {
		row := i + 1
		field := fmt.Sprintf("gpio.%d", row)
		switch use, isReserved := reserved[l.GPIO]; {
		case l.GPIO < 0 || l.GPIO > MaxHeaderGPIO:
			v.add(field+".gpio", "button.err.gpio_range", "Row", row, "GPIO", l.GPIO, "Max", MaxHeaderGPIO)
		case isReserved:
			v.add(field+".gpio", "button.err.reserved_pin", "Row", row, "GPIO", l.GPIO, "Use", use)
		default:
			if first, dup := firstUse[l.GPIO]; dup {
				v.add(field+".gpio", "button.err.pin_twice", "Row", row, "GPIO", l.GPIO, "First", first)
			} else {
				firstUse[l.GPIO] = row
			}
		}
		v.wiring(field+".pull", field+".active", row, l.Pull, l.Active)
		if v.button(field, row, l.Button) {
			seen.note(v, field, fmt.Sprintf("GPIO%d", l.GPIO), l.Button)
		}
	}
}

func (v *validator) expanders(m Map, seen *buttonsSeen) {
	type busAddr struct{ bus, addr int }
	firstChip := map[busAddr]int{}
	for i, x := range m.Expanders {
		row := i + 1
		field := fmt.Sprintf("expanders.%d", row)
		addrOK := true
		if x.Bus < 0 || x.Bus > MaxI2CBus {
			v.add(field+".bus", "button.err.expander_bus", "Row", row, "Bus", x.Bus)
			addrOK = false
		}
		if x.Address < MinExpanderAddress || x.Address > MaxExpanderAddress {
			v.add(field+".address", "button.err.expander_address", "Row", row, "Address", fmt.Sprintf("0x%02X", x.Address))
			addrOK = false
		}
		if addrOK {
			k := busAddr{x.Bus, x.Address}
			if first, dup := firstChip[k]; dup {
				v.add(field+".address", "button.err.expander_twice", "Row", row, "Bus", x.Bus, "Address", fmt.Sprintf("0x%02X", x.Address), "First", first)
			} else {
				firstChip[k] = row
			}
		}
		if len(x.Lines) == 0 {
			v.add(field+".lines", "button.err.expander_empty", "Row", row)
		}
		firstPin := map[int]int{}
		for j, l := range x.Lines {
			line := j + 1
			lf := fmt.Sprintf("%s.lines.%d", field, line)
			if l.Pin < 0 || l.Pin > MaxExpanderPin {
				v.add(lf+".pin", "button.err.expander_pin_range", "Row", row, "Line", line, "Pin", l.Pin, "Max", MaxExpanderPin)
			} else if first, dup := firstPin[l.Pin]; dup {
				v.add(lf+".pin", "button.err.expander_pin_twice", "Row", row, "Line", line, "Pin", ExpanderPinName(l.Pin), "First", first)
			} else {
				firstPin[l.Pin] = line
			}
			if pull, _ := m.Wiring(l.Pull, l.Active); pull == PullDown {
				v.add(lf+".pull", "button.err.expander_pull_down", "Row", row, "Line", line)
			}
			v.wiring(lf+".pull", lf+".active", row, l.Pull, l.Active)
			if v.button(lf, row, l.Button) {
				seen.note(v, lf, fmt.Sprintf("I2C-%d 0x%02X %s", x.Bus, x.Address, ExpanderPinName(l.Pin)), l.Button)
			}
		}
	}
}

func (v *validator) boxes(m Map, seen buttonsSeen) {
	firstPath := map[string]int{}
	firstWindow := map[int]int{}
	for i, b := range m.Boxes {
		row := i + 1
		field := fmt.Sprintf("boxes.%d", row)
		if b.Window < 1 || b.Window > MaxWindow {
			v.add(field+".window", "button.err.window_range", "Row", row, "Window", b.Window, "Max", MaxWindow)
		} else if first, dup := firstWindow[b.Window]; dup {
			v.add(field+".window", "button.err.box_window_twice", "Row", row, "Window", b.Window, "First", first)
		} else {
			firstWindow[b.Window] = row
			if len(seen.levels[b.Window]) > 0 {
				v.add(field+".window", "button.err.window_box_and_lines", "Row", row, "Window", b.Window)
			}
		}
		switch path := strings.TrimSpace(b.Path); {
		case path == "":
			v.add(field+".path", "button.err.box_path", "Row", row)
		case !strings.HasPrefix(path, "/dev/"):
			v.add(field+".path", "button.err.box_path_dev", "Row", row, "Path", path)
		default:
			if first, dup := firstPath[path]; dup {
				v.add(field+".path", "button.err.box_path_twice", "Row", row, "Path", path, "First", first)
			} else {
				firstPath[path] = row
			}
		}
		if b.Baud != 0 && !standardBaud(b.Baud) {
			v.add(field+".baud", "button.err.box_baud", "Row", row, "Baud", b.Baud)
		}
	}
	windows := make([]int, 0, len(seen.levels))
	for w := range seen.levels {
		windows = append(windows, w)
	}
	sort.Ints(windows)
	for _, w := range windows {
		if n := len(seen.levels[w]); n < len(Levels()) {
			v.add("", "button.err.window_incomplete", "Window", w, "Count", n, "Want", len(Levels()))
		}
	}
}

// button checks a button's identity; ok when it is a valid ID.
func (v *validator) button(field string, row int, id ID) (ok bool) {
	n := len(v.errs)
	switch id.Kind {
	case KindRating:
		if id.Window < 1 || id.Window > MaxWindow {
			v.add(field+".button", "button.err.window_range", "Row", row, "Window", id.Window, "Max", MaxWindow)
		}
		if !id.Level.Valid() {
			v.add(field+".button", "button.err.level_unknown", "Row", row, "Level", string(id.Level))
		}
	case KindTicket:
		switch s := id.Service; {
		case strings.TrimSpace(s) == "":
			v.add(field+".button", "button.err.service_empty", "Row", row)
		case len(s) > MaxServiceLen || strings.ContainsAny(s, ": \t\r\n"):
			v.add(field+".button", "button.err.service_invalid", "Row", row, "Service", s, "Max", MaxServiceLen)
		}
	default:
		v.add(field+".button", "button.err.kind_unknown", "Row", row, "Kind", string(id.Kind))
	}
	return len(v.errs) == n
}

// wiring checks a pull and an active level ("" is fine: the default).
func (v *validator) wiring(pullField, activeField string, row int, pull Pull, active Active) {
	switch pull {
	case "", PullUp, PullDown, PullNone:
	default:
		v.add(pullField, "button.err.pull_unknown", "Row", row, "Pull", string(pull))
	}
	switch active {
	case "", ActiveLow, ActiveHigh:
	default:
		v.add(activeField, "button.err.active_unknown", "Row", row, "Active", string(active))
	}
}

// ExpanderPinName names an MCP23017 line as printed on the chip: 0 is
// GPA0, 15 is GPB7.
func ExpanderPinName(pin int) string {
	if pin >= 8 {
		return fmt.Sprintf("GPB%d", pin-8)
	}
	return fmt.Sprintf("GPA%d", pin)
}
