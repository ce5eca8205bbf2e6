// Package buttontest has the fakes of hw/button's inputs, in the style of
// periph's gpiotest: Pin is a header line with a push button on it (a
// gpio.PinIn that queues edges like the Linux GPIO character device and
// can bounce at chosen times), Bus and Expander are an I²C bus with
// MCP23017 register files on it, and Rig builds the fakes for a whole
// button.Map, rating box simulators (hw/button/boxsim on pseudo-terminals)
// included, hands them to button.New as its Hardware, and presses any
// button of the map where it is wired.
//
// Inside a testing/synctest bubble the helpers that take durations place
// edges at exact fake times; outside one they sleep for real (the demo
// panel).
//
// buttontest imports the standard library, periph.io/x/conn/v3,
// hw/button, hw/button/boxsim and hw/serialport.
package buttontest
