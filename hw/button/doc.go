// Package button owns the hall's push buttons as hardware: each window's
// five satisfaction buttons (非常满意, 满意, 基本满意, 不满意, 非常不满意)
// and each service's 取号 (take a number) button. It turns contacts into
// debounced presses with accurate times, and nothing more.
//
// # Inputs
//
// A Map (plain data, kept in the settings) says which input is which
// button, on any of three kinds of input, all delivering Press values
// through one Source interface:
//
//   - Header lines (gpio.go), through periph (periph.io/x/host/v3 ≥
//     v3.8.5) and the Linux GPIO character device: each line is set to
//     both edges with its pull resistor, and one goroutine per line waits
//     for edges with a bounded WaitForEdge (Options.Wait, 250 ms), so it
//     stops within that long of Run's context ending. A line making
//     hundreds of edges a second (floating, broken) is reported and paused.
//   - MCP23017 I²C expanders (expander.go, mcp23017.go), 16 lines each, up
//     to 8 on a bus: polled every Map.PollMS (5 ms) with one 2-byte read,
//     their configuration read back every second (a brown-out loses the
//     pull-ups) and restored.
//   - Serial rating boxes, one per window (box.go, protocol in
//     boxproto.go), through hw/serialport's Link, which reopens an
//     unplugged box with backoff. A box claiming another window's number
//     is refused.
//
// Validate refuses a Map that takes a reserved header line (I²C of the
// RTC, the UART, the HAT EEPROM), uses a line, chip, port or rating button
// twice, or leaves a window short of its five buttons; each refusal is a
// ConfigError with a locale key and arguments (embedded/locales/
// button.*.json), which the settings page maps onto the appliance's
// problem type. Device trouble at run time is reported through
// Options.OnState (English, for the device status page) and retried.
//
// # Debounce and time
//
// A press is a contact that closes and stays closed: changes closer than
// Map.DebounceMS (20 ms) are one burst, and a burst that settles held,
// from released, is one press timed at its first change, the moment the
// contact closed (see debouncer). Header lines are timed when the kernel's
// edge reaches the watcher (periph does not pass on the kernel's own
// timestamp), typically well under a millisecond late; expander lines at
// the poll that saw the change (up to one poll late); box presses when
// their line arrives.
//
// # Where this package stops
//
// Whether a press counts is not decided here. The rating domain
// (appliance/rating) decides that a press while the window is not armed
// is noise, that a press becomes the rating only when no other follows
// within 1 s, and that 3 or more presses within 2 s are noise; the queue
// (appliance/queue) allows one ticket per button per 3 s. They get every
// debounced press with its time from this package through a plain
// interface of their own, wired in cmd. Contact bounce never reaches
// them: it is absorbed here.
//
// # Fakes
//
// Package buttontest has a fake header line (Pin, in periph's gpiotest
// style), a fake I²C bus with fake MCP23017s, and Rig, which builds both
// plus rating box simulators (package boxsim, on pseudo-terminals) for a
// whole Map; tests and `bianmin demo`'s panel press buttons through it.
//
// button imports the standard library, periph.io/x/conn/v3,
// periph.io/x/host/v3 (gpioioctl and sysfs only), hw/serialport and
// internal/backoff; nothing from appliance, ui or cmd.
package button
